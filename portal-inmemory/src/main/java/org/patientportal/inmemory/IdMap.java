package org.patientportal.inmemory;

import java.util.Arrays;

/**
 * A table's committed rows by id: an open-addressing hash table with linear probing that keeps each
 * key's hash in an {@code int} array beside one array of keys and values side by side. Looking up an
 * id that is not there (every insert checks its new id) usually reads a few neighbouring {@code int}s
 * and no key object, a key and its value share a cache line, an entry costs no node object, and
 * growing rehashes from the hash array without touching the keys.
 *
 * <p>Not thread-safe by itself: the storage's publication lock makes every write (a commit, on the
 * write side) exclusive of every read (a store call, on the read side), and its lock and unlock
 * order the writes before the reads that follow (see {@link Transaction}).
 *
 * @param <K> the key type (its {@code hashCode} and {@code equals} define the keys)
 * @param <V> the value type
 */
final class IdMap<K, V> {
    private static final int FIRST_CAPACITY = 16;
    /** Grows when more than this share of the slots is taken (few probes on a miss, as linear probing needs). */
    private static final float MAX_LOAD = 0.6f;

    /** The spread hash of the key in each slot, never 0; 0 marks an empty slot. */
    private int[] hashes = new int[FIRST_CAPACITY];
    /** Slot {@code i}'s key at {@code 2 * i}, its value at {@code 2 * i + 1}. */
    private Object[] entries = new Object[2 * FIRST_CAPACITY];
    private int size;
    private int growAt = (int) (FIRST_CAPACITY * MAX_LOAD);

    /** A key's hash, mixed so that its bits spread over the table, never 0. */
    private static int spread(Object key) {
        int h = key.hashCode() * 0x9E3779B9;
        h ^= h >>> 16;
        return h == 0 ? 1 : h;
    }

    /** The slot holding {@code key}, or the empty slot where its probe ends (negative: -slot - 1). */
    private int find(Object key, int hash) {
        int mask = hashes.length - 1;
        int i = hash & mask;
        while (true) {
            int h = hashes[i];
            if (h == 0) {
                return -i - 1;
            }
            if (h == hash && entries[2 * i].equals(key)) {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    /** The value of {@code key}, or null. */
    @SuppressWarnings("unchecked")
    V get(K key) {
        int slot = find(key, spread(key));
        return slot >= 0 ? (V) entries[2 * slot + 1] : null;
    }

    /**
     * Sets the value of {@code key}.
     *
     * @return the value it replaced, or null
     */
    @SuppressWarnings("unchecked")
    V put(K key, V value) {
        int hash = spread(key);
        int slot = find(key, hash);
        if (slot >= 0) {
            V old = (V) entries[2 * slot + 1];
            entries[2 * slot + 1] = value;
            return old;
        }
        if (size >= growAt) {
            grow();
            slot = find(key, hash);
        }
        slot = -slot - 1;
        hashes[slot] = hash;
        entries[2 * slot] = key;
        entries[2 * slot + 1] = value;
        size++;
        return null;
    }

    /**
     * Removes {@code key}.
     *
     * @return its value, or null if it had none
     */
    @SuppressWarnings("unchecked")
    V remove(K key) {
        int slot = find(key, spread(key));
        if (slot < 0) {
            return null;
        }
        V old = (V) entries[2 * slot + 1];
        // Backward-shift deletion: move up each later entry of the run whose probe would pass the hole.
        int mask = hashes.length - 1;
        int hole = slot;
        int next = slot;
        while (true) {
            next = (next + 1) & mask;
            int h = hashes[next];
            if (h == 0) {
                break;
            }
            int home = h & mask;
            boolean homeInHoleToNext = hole <= next ? hole < home && home <= next : hole < home || home <= next;
            if (!homeInHoleToNext) {
                hashes[hole] = h;
                entries[2 * hole] = entries[2 * next];
                entries[2 * hole + 1] = entries[2 * next + 1];
                hole = next;
            }
        }
        hashes[hole] = 0;
        entries[2 * hole] = null;
        entries[2 * hole + 1] = null;
        size--;
        return old;
    }

    /** How many keys have a value. */
    int size() {
        return size;
    }

    private void grow() {
        int[] oldHashes = hashes;
        Object[] oldEntries = entries;
        int capacity = oldHashes.length * 2;
        if (capacity <= 0 || 2 * capacity <= 0) {
            throw new IllegalStateException("the table is full");
        }
        hashes = new int[capacity];
        entries = new Object[2 * capacity];
        growAt = (int) (capacity * MAX_LOAD);
        int mask = capacity - 1;
        for (int j = 0; j < oldHashes.length; j++) {
            int h = oldHashes[j];
            if (h != 0) {
                int i = h & mask;
                while (hashes[i] != 0) {
                    i = (i + 1) & mask;
                }
                hashes[i] = h;
                entries[2 * i] = oldEntries[2 * j];
                entries[2 * i + 1] = oldEntries[2 * j + 1];
            }
        }
    }

    @Override
    public String toString() {
        return "IdMap[size=" + size + ", capacity=" + hashes.length + "]";
    }

    /** For tests: whether every key can be found from its home slot (no probe run is broken). */
    boolean consistent() {
        int found = 0;
        for (int i = 0; i < hashes.length; i++) {
            if (hashes[i] != 0) {
                found++;
                if (find(entries[2 * i], hashes[i]) != i) {
                    return false;
                }
            }
        }
        return found == size && Arrays.stream(hashes).filter(h -> h == 0).count() == hashes.length - size;
    }
}
