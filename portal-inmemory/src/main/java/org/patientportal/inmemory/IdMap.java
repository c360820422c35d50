package org.patientportal.inmemory;

/**
 * A table's committed rows by id: an open-addressing hash table with linear probing over a
 * primitive {@code long} array, each slot holding a key's hash and the position of its key and
 * value in an append-only log of small chunks. Looking up an id that is not there (every insert
 * checks its new id) usually reads a few neighbouring {@code long}s and no key object, an entry
 * costs no node object, and growing rehashes the slots without touching the keys.
 *
 * <p>Why a log: the map lives long (in the old generation of a generational collector) and every
 * commit stores references to new rows in it. Stored into one large array at random slots, they
 * would dirty a card of that array per row, and every young collection would scan each dirty card
 * again; appended to the log, new entries dirty only its last chunk, and the hash slots hold no
 * references at all. Entries made together (a transaction's rows) also share cache lines there.
 * A removed entry leaves a hole in the log; the log is compacted when holes outnumber entries.
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
    /** Entries per log chunk: 2 references each, 8 KiB a chunk with compressed references. */
    private static final int CHUNK_SHIFT = 10;
    private static final int CHUNK = 1 << CHUNK_SHIFT;
    /** Holes a log may keep whatever its size (compacting a small log often would be wasted work). */
    private static final int HOLES_KEPT = 1024;

    /** Per slot: 0 if empty, else the key's spread hash (never 0) in the high half and its log position in the low. */
    private long[] slots = new long[FIRST_CAPACITY];
    /** The log: entry {@code p}'s key at {@code chunks[p >> CHUNK_SHIFT][2 * (p & (CHUNK - 1))]}, its value next. */
    private Object[][] chunks = new Object[1][];
    /** The next free log position. */
    private int logEnd;
    /** Log positions below {@link #logEnd} whose entry was removed. */
    private int holes;
    private int size;
    private int growAt = (int) (FIRST_CAPACITY * MAX_LOAD);

    /** A key's hash, mixed so that its bits spread over the table, never 0. */
    private static int spread(Object key) {
        int h = key.hashCode() * 0x9E3779B9;
        h ^= h >>> 16;
        return h == 0 ? 1 : h;
    }

    private static int hashOf(long slot) {
        return (int) (slot >>> 32);
    }

    private static int positionOf(long slot) {
        return (int) slot;
    }

    private static long slot(int hash, int position) {
        return (long) hash << 32 | position & 0xFFFF_FFFFL;
    }

    private Object keyAt(int position) {
        return chunks[position >>> CHUNK_SHIFT][2 * (position & (CHUNK - 1))];
    }

    @SuppressWarnings("unchecked")
    private V valueAt(int position) {
        return (V) chunks[position >>> CHUNK_SHIFT][2 * (position & (CHUNK - 1)) + 1];
    }

    private void setValueAt(int position, Object value) {
        chunks[position >>> CHUNK_SHIFT][2 * (position & (CHUNK - 1)) + 1] = value;
    }

    /** The slot holding {@code key}, or the empty slot where its probe ends (negative: -slot - 1). */
    private int find(Object key, int hash) {
        int mask = slots.length - 1;
        int i = hash & mask;
        while (true) {
            long s = slots[i];
            if (s == 0) {
                return -i - 1;
            }
            if (hashOf(s) == hash && keyAt(positionOf(s)).equals(key)) {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    /** The value of {@code key}, or null. */
    V get(K key) {
        int slot = find(key, spread(key));
        return slot >= 0 ? valueAt(positionOf(slots[slot])) : null;
    }

    /**
     * Sets the value of {@code key}.
     *
     * @return the value it replaced, or null
     */
    V put(K key, V value) {
        int hash = spread(key);
        int slot = find(key, hash);
        if (slot >= 0) {
            int position = positionOf(slots[slot]);
            V old = valueAt(position);
            setValueAt(position, value);
            return old;
        }
        if (size >= growAt) {
            grow();
            slot = find(key, hash);
        }
        slots[-slot - 1] = slot(hash, append(key, value));
        size++;
        return null;
    }

    /** Adds an entry at the log's end and returns its position. */
    private int append(Object key, Object value) {
        int position = logEnd;
        int chunk = position >>> CHUNK_SHIFT;
        if (chunk == chunks.length) {
            Object[][] more = new Object[2 * chunks.length][];
            System.arraycopy(chunks, 0, more, 0, chunks.length);
            chunks = more;
        }
        if (chunks[chunk] == null) {
            chunks[chunk] = new Object[2 * CHUNK];
        }
        int at = 2 * (position & (CHUNK - 1));
        chunks[chunk][at] = key;
        chunks[chunk][at + 1] = value;
        logEnd = position + 1;
        return position;
    }

    /**
     * Removes {@code key}.
     *
     * @return its value, or null if it had none
     */
    V remove(K key) {
        int slot = find(key, spread(key));
        if (slot < 0) {
            return null;
        }
        int position = positionOf(slots[slot]);
        V old = valueAt(position);
        chunks[position >>> CHUNK_SHIFT][2 * (position & (CHUNK - 1))] = null;
        setValueAt(position, null);
        holes++;
        // Backward-shift deletion: move up each later entry of the run whose probe would pass the hole.
        int mask = slots.length - 1;
        int hole = slot;
        int next = slot;
        while (true) {
            next = (next + 1) & mask;
            long s = slots[next];
            if (s == 0) {
                break;
            }
            int home = hashOf(s) & mask;
            boolean homeInHoleToNext = hole <= next ? hole < home && home <= next : hole < home || home <= next;
            if (!homeInHoleToNext) {
                slots[hole] = s;
                hole = next;
            }
        }
        slots[hole] = 0;
        size--;
        if (holes > HOLES_KEPT && holes > size) {
            compact();
        }
        return old;
    }

    /** How many keys have a value. */
    int size() {
        return size;
    }

    private void grow() {
        long[] old = slots;
        int capacity = old.length * 2;
        if (capacity <= 0) {
            throw new IllegalStateException("the table is full");
        }
        slots = new long[capacity];
        growAt = (int) (capacity * MAX_LOAD);
        int mask = capacity - 1;
        for (long s : old) {
            if (s != 0) {
                int i = hashOf(s) & mask;
                while (slots[i] != 0) {
                    i = (i + 1) & mask;
                }
                slots[i] = s;
            }
        }
    }

    /** Rewrites the log without its holes, in the same order, and points the slots at the new positions. */
    private void compact() {
        Object[][] old = chunks;
        int oldEnd = logEnd;
        int[] moved = new int[oldEnd];
        chunks = new Object[(size >>> CHUNK_SHIFT) + 1][];
        logEnd = 0;
        for (int p = 0; p < oldEnd; p++) {
            Object[] chunk = old[p >>> CHUNK_SHIFT];
            int at = 2 * (p & (CHUNK - 1));
            Object key = chunk[at];
            if (key != null) {
                moved[p] = append(key, chunk[at + 1]);
            }
        }
        holes = 0;
        for (int i = 0; i < slots.length; i++) {
            long s = slots[i];
            if (s != 0) {
                slots[i] = slot(hashOf(s), moved[positionOf(s)]);
            }
        }
    }

    /** For tests: the log's length, holes included. */
    int logLength() {
        return logEnd;
    }

    @Override
    public String toString() {
        return "IdMap[size=" + size + ", capacity=" + slots.length + ", log=" + logEnd + "]";
    }

    /**
     * For tests: whether every key can be found from its home slot (no probe run is broken) and the
     * log holds each entry once and counts its holes.
     */
    boolean consistent() {
        int found = 0;
        for (int i = 0; i < slots.length; i++) {
            long s = slots[i];
            if (s != 0) {
                found++;
                Object key = keyAt(positionOf(s));
                if (key == null || spread(key) != hashOf(s) || find(key, hashOf(s)) != i) {
                    return false;
                }
            }
        }
        int live = 0;
        for (int p = 0; p < logEnd; p++) {
            if (keyAt(p) != null) {
                live++;
            }
        }
        return found == size && live == size && holes == logEnd - size;
    }
}
