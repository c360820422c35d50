package org.patientportal.inmemory;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A committed unique index of a table: key to row id.
 *
 * @param <I> the row id type
 * @param <V> the row type
 * @param <K> the key type
 */
final class Unique<I, V, K> {
    final String name;
    final Function<V, K> keyOf;
    final ConcurrentHashMap<K, I> committed = new ConcurrentHashMap<>();

    Unique(String name, Function<V, K> keyOf) {
        this.name = name;
        this.keyOf = keyOf;
    }

    /** Moves the index from the old row to the new one; called at commit, under the row's lock. */
    void reindex(I id, V oldRow, V newRow) {
        K newKey = keyOf.apply(newRow);
        if (oldRow != null) {
            K oldKey = keyOf.apply(oldRow);
            if (oldKey.equals(newKey)) {
                return; // the committed old row holds the key already
            }
            committed.remove(oldKey, id);
        }
        committed.put(newKey, id);
    }
}
