package org.patientportal.inmemory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.OptimisticLockException;

/**
 * One transaction's view of a table: its buffered writes over the committed rows. Writes lock the
 * row (and the unique keys they take or give up) until the transaction ends, then re-read the
 * latest committed row, as a database does after waiting for a row lock.
 *
 * @param <I> the row id type
 * @param <V> the row type
 */
final class TableTx<I, V> implements Transaction.Participant {
    static final int MAX_LIMIT = 1000;

    private final Table<I, V> table;
    private final Transaction tx;
    /** This transaction's writes by id, made on the first (most stores a transaction opens only read). */
    private TreeMap<I, V> buffer;
    /** This transaction's deletes, made on the first (retention only). */
    private TreeMap<I, V> deleted;

    private TableTx(Table<I, V> table, Transaction tx) {
        this.table = table;
        this.tx = tx;
    }

    static <I, V> TableTx<I, V> open(Table<I, V> table, Transaction tx) {
        TableTx<I, V> view = new TableTx<>(table, tx);
        tx.register(view);
        return view;
    }

    static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", was " + limit);
        }
    }

    Transaction tx() {
        return tx;
    }

    /** This transaction's writes, made now if there were none. */
    private TreeMap<I, V> writes() {
        if (buffer == null) {
            buffer = new TreeMap<>(table.order);
        }
        return buffer;
    }

    /** This transaction's writes so far (an empty map if none: never search it by key, it compares naturally). */
    private NavigableMap<I, V> own() {
        return buffer == null ? Collections.emptyNavigableMap() : buffer;
    }

    /** The row as this transaction sees it (its own write, else the latest committed), or null. */
    V current(I id) {
        if (buffer != null) {
            V row = buffer.get(id);
            if (row != null) {
                return row;
            }
        }
        return deleted != null && deleted.containsKey(id) ? null : table.get(id);
    }

    Optional<V> find(I id) {
        tx.checkOpen();
        return Optional.ofNullable(current(id));
    }

    /** Locks the row until the transaction ends and returns its latest version, or null. */
    V lockAndRead(I id) {
        tx.lock(table.rowLock(id));
        return current(id);
    }

    /**
     * Locks the row for a versioned write and checks it is still at {@code expectedVersion}.
     *
     * @param what the row's name in the exception ({@code "patient"}, ...)
     * @return the row as stored
     * @throws OptimisticLockException if the row is gone or at another version
     */
    V lockAtVersion(I id, long expectedVersion, ToLongFunction<V> versionOf, String what) {
        V current = lockAndRead(id);
        if (current == null) {
            throw new OptimisticLockException(what + " not found");
        }
        if (versionOf.applyAsLong(current) != expectedVersion) {
            throw new OptimisticLockException(what + " was changed by another transaction");
        }
        return current;
    }

    /**
     * Locks the row if no other transaction holds it, never waiting.
     *
     * @return whether this transaction holds the lock
     */
    boolean tryLock(I id) {
        return tx.tryLock(table.rowLock(id));
    }

    /** Gives back a row lock taken by {@link #tryLock} but not written under. */
    void unlockUnwritten(I id) {
        if (buffer == null || !buffer.containsKey(id)) {
            tx.unlock(table.rowLock(id));
        }
    }

    /** Inserts a new row, checking the id and every unique key. */
    void insert(V row) {
        I id = table.idOf.apply(row);
        tx.lock(table.rowLock(id));
        if (current(id) != null) {
            throw new DuplicateKeyException("duplicate key: " + table.name + " id");
        }
        for (Unique<I, V, ?> unique : table.uniques) {
            claim(unique, id, null, row);
        }
        writes().put(id, row);
    }

    /** Replaces a row this transaction locked with {@link #lockAndRead}. */
    void replace(V oldRow, V newRow) {
        I id = table.idOf.apply(newRow);
        if (!tx.holds(table.rowLock(id))) {
            throw new IllegalStateException("row not locked");
        }
        for (Unique<I, V, ?> unique : table.uniques) {
            claim(unique, id, oldRow, newRow);
        }
        writes().put(id, newRow);
    }

    /** Deletes a row this transaction locked with {@link #lockAndRead} (retention; tables without unique keys). */
    void delete(V row) {
        I id = table.idOf.apply(row);
        if (!tx.holds(table.rowLock(id))) {
            throw new IllegalStateException("row not locked");
        }
        if (!table.uniques.isEmpty()) {
            throw new IllegalStateException("a table with unique indexes keeps its rows");
        }
        if (buffer != null) {
            buffer.remove(id);
        }
        if (deleted == null) {
            deleted = new TreeMap<>(table.order);
        }
        deleted.put(id, row);
    }

    /** The rows this transaction deleted, as they were. */
    Map<I, V> ownDeletes() {
        return deleted == null ? Collections.emptyMap() : Collections.unmodifiableMap(deleted);
    }

    private <K> void claim(Unique<I, V, K> unique, I id, V oldRow, V newRow) {
        K key = unique.keyOf.apply(newRow);
        if (oldRow != null) {
            K oldKey = unique.keyOf.apply(oldRow);
            if (oldKey.equals(key)) {
                return;
            }
            // Whoever wants the key we give up waits until we commit, as with a database's index entry.
            tx.lock(new LockKey(unique.name, oldKey));
        }
        tx.lock(new LockKey(unique.name, key));
        Optional<V> holder = findBy(unique, key);
        if (holder.isPresent() && !table.idOf.apply(holder.get()).equals(id)) {
            throw new DuplicateKeyException("duplicate key: " + unique.name);
        }
    }

    /** The row whose unique key is {@code key}, as this transaction sees it. */
    <K> Optional<V> findBy(Unique<I, V, K> unique, K key) {
        tx.checkOpen();
        for (V row : own().values()) {
            if (unique.keyOf.apply(row).equals(key)) {
                return Optional.of(row);
            }
        }
        I id = unique.committed.get(key);
        if (id != null) {
            V row = current(id);
            if (row != null && unique.keyOf.apply(row).equals(key)) {
                return Optional.of(row);
            }
        }
        return Optional.empty();
    }

    /** This transaction's own rows matching {@code filter}. */
    List<V> buffered(Predicate<V> filter) {
        List<V> rows = new ArrayList<>();
        for (V row : own().values()) {
            if (filter.test(row)) {
                rows.add(row);
            }
        }
        return rows;
    }

    /**
     * One keyset page: rows after {@code after} (exclusive, null for the first page) that match
     * {@code filter}, in id order.
     *
     * @param committedIds candidate ids from the committed data, in id order, all after {@code after}
     */
    List<V> page(Iterable<I> committedIds, I after, int limit, Predicate<V> filter) {
        checkLimit(limit);
        tx.checkOpen();
        TreeMap<I, V> result = new TreeMap<>(table.order);
        int found = 0;
        for (I id : committedIds) {
            V row = current(id);
            if (row != null && filter.test(row)) {
                result.put(id, row);
                if (++found >= limit) {
                    break;
                }
            }
        }
        NavigableMap<I, V> ownTail = buffer == null || after == null ? own() : buffer.tailMap(after, false);
        for (Map.Entry<I, V> entry : ownTail.entrySet()) {
            if (filter.test(entry.getValue())) {
                result.put(entry.getKey(), entry.getValue());
            }
        }
        List<V> page = new ArrayList<>(Math.min(limit, result.size()));
        for (V row : result.values()) {
            if (page.size() == limit) {
                break;
            }
            page.add(row);
        }
        return page;
    }

    /**
     * Every row matching {@code filter} among {@code committedIds} (as this transaction sees them)
     * and this transaction's own rows, in id order. For lookups by a secondary index that are not
     * paged because they are small by nature (a family sharing a mobile number).
     *
     * @param committedIds candidate ids from a committed index; the filter re-checks each row
     */
    List<V> select(Iterable<I> committedIds, Predicate<V> filter) {
        tx.checkOpen();
        TreeMap<I, V> result = new TreeMap<>(table.order);
        for (I id : committedIds) {
            V row = current(id);
            if (row != null && filter.test(row)) {
                result.put(id, row);
            }
        }
        for (Map.Entry<I, V> entry : own().entrySet()) {
            if (filter.test(entry.getValue())) {
                result.put(entry.getKey(), entry.getValue());
            }
        }
        return new ArrayList<>(result.values());
    }

    /**
     * One keyset page in an order other than the id's, such as (start, id): the first {@code limit}
     * rows matching {@code filter} among {@code committedIds} and this transaction's own rows, in
     * {@code order}. The filter carries the keyset bound (rows after the previous page's last row).
     *
     * @param committedIds candidate ids from a committed index, in {@code order}; the filter re-checks each row
     * @param order        a total order of rows (it ends with the id)
     */
    List<V> pageInOrder(Iterable<I> committedIds, Comparator<? super V> order, Predicate<V> filter, int limit) {
        checkLimit(limit);
        return inOrder(committedIds, order, filter, limit);
    }

    /**
     * Every row matching {@code filter} among {@code committedIds} and this transaction's own rows,
     * in {@code order}. For lookups bounded by nature (the slots of one provider in a time range).
     */
    List<V> selectInOrder(Iterable<I> committedIds, Comparator<? super V> order, Predicate<V> filter) {
        return inOrder(committedIds, order, filter, Integer.MAX_VALUE);
    }

    private List<V> inOrder(Iterable<I> committedIds, Comparator<? super V> order, Predicate<V> filter, int limit) {
        tx.checkOpen();
        TreeSet<V> result = new TreeSet<>(order);
        int found = 0;
        for (I id : committedIds) {
            if (found >= limit) {
                break;
            }
            if (buffer != null && buffer.containsKey(id) || deleted != null && deleted.containsKey(id)) {
                continue; // this transaction's own version is taken from the buffer below, wherever it sorts now
            }
            V row = table.get(id);
            if (row != null && filter.test(row)) {
                result.add(row);
                found++;
            }
        }
        for (V row : own().values()) {
            if (filter.test(row)) {
                result.add(row);
            }
        }
        List<V> page = new ArrayList<>(Math.min(limit, result.size()));
        for (V row : result) {
            if (page.size() == limit) {
                break;
            }
            page.add(row);
        }
        return page;
    }

    /** This transaction's own writes: id to the row as written (the committed row is {@code table.get}). */
    Map<I, V> ownWrites() {
        return Collections.unmodifiableMap(own());
    }

    /** Committed ids after {@code after} in id order (all of them if null). */
    Iterable<I> committedIdsAfter(I after) {
        if (table.ids == null) {
            throw new IllegalStateException(table.name + " keeps no ordered ids");
        }
        return after == null ? table.ids : table.ids.tailSet(after, false);
    }

    @Override
    public void commit() {
        if (buffer != null) {
            for (Map.Entry<I, V> entry : buffer.entrySet()) {
                table.apply(entry.getKey(), entry.getValue());
            }
        }
        if (deleted != null) {
            for (I id : deleted.keySet()) {
                table.remove(id);
            }
        }
    }
}
