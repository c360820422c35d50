package org.patientportal.inmemory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Function;

/**
 * Committed rows of one store by id, their ids in order, with their unique indexes and any other
 * index kept up to date at commit. An update of a row that exists replaces it in the hash map only.
 *
 * @param <I> the row id type
 * @param <V> the (immutable) row type
 */
final class Table<I, V> {
    /** Keeps a secondary index in step with the rows; called at commit under the row's lock. */
    interface Indexer<V> {
        /**
         * @param oldRow the committed row before, or null for an insert
         * @param newRow the row committed now
         */
        void reindex(V oldRow, V newRow);
    }

    final String name;
    final Function<V, I> idOf;
    final Comparator<I> order;
    /**
     * The committed ids in order, for pages and ranges by id; an update leaves it alone. Null for a
     * table made by {@link #unorderedIds}, whose rows are read by id and secondary indexes only.
     */
    final ConcurrentSkipListSet<I> ids;
    /** The committed rows by id (written at commit only, read by store calls: see {@link IdMap}). */
    private final IdMap<I, V> byId = new IdMap<>();
    /**
     * The greatest id in {@link #order} ever committed, or null: no committed row has a greater id,
     * so looking one up (an insert checks its new id, and ids made by this JVM grow) reads nothing
     * more. Written at commit and read by store calls as {@link #byId} is; {@link #order} agrees with
     * {@code equals}, as the write buffers' sorted maps need it to.
     */
    private I newest;
    final List<Unique<I, V, ?>> uniques = new ArrayList<>();
    final List<Indexer<V>> indexers = new ArrayList<>();
    final List<java.util.function.Consumer<V>> removers = new ArrayList<>();

    Table(String name, Function<V, I> idOf, Comparator<I> order) {
        this(name, idOf, order, true);
    }

    private Table(String name, Function<V, I> idOf, Comparator<I> order, boolean orderedIds) {
        this.name = name;
        this.idOf = idOf;
        this.order = order;
        this.ids = orderedIds ? new ConcurrentSkipListSet<>(order) : null;
    }

    /**
     * A table that keeps no ordered set of its ids (no page or range by id): an insert costs a hash
     * map entry, not a skip-list walk. {@code order} still orders a transaction's own writes.
     */
    static <I, V> Table<I, V> unorderedIds(String name, Function<V, I> idOf, Comparator<I> order) {
        return new Table<>(name, idOf, order, false);
    }

    <K> Unique<I, V, K> unique(String indexName, Function<V, K> keyOf) {
        Unique<I, V, K> unique = new Unique<>(name + "." + indexName, keyOf);
        uniques.add(unique);
        return unique;
    }

    void indexer(Indexer<V> indexer) {
        indexers.add(indexer);
    }

    /** Takes a row out of the secondary indexes when it is deleted (retention); called at commit under its lock. */
    void remover(java.util.function.Consumer<V> remover) {
        if (!uniques.isEmpty()) {
            throw new IllegalStateException("a table with unique indexes keeps its rows");
        }
        removers.add(remover);
    }

    LockKey rowLock(I id) {
        return new LockKey(name, id);
    }

    /** The committed row with this id, or null. */
    V get(I id) {
        if (newest == null || order.compare(id, newest) > 0) {
            return null; // a new id (time-ordered ids of this JVM are), checked without a hash probe
        }
        return byId.get(id);
    }

    /** Applies one committed row. */
    void apply(I id, V row) {
        V old = byId.put(id, row);
        if (old == null && (newest == null || order.compare(id, newest) > 0)) {
            newest = id;
        }
        if (old == null && ids != null) {
            ids.add(id);
        }
        for (Unique<I, V, ?> unique : uniques) {
            unique.reindex(id, old, row);
        }
        for (Indexer<V> indexer : indexers) {
            indexer.reindex(old, row);
        }
    }

    /** Removes one committed row (a delete committed). */
    void remove(I id) {
        V old = byId.remove(id);
        if (ids != null) {
            ids.remove(id);
        }
        if (old != null) {
            for (java.util.function.Consumer<V> remover : removers) {
                remover.accept(old);
            }
        }
    }
}
