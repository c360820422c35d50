package org.patientportal.inmemory;

import java.time.Instant;
import java.util.UUID;
import org.patientportal.model.Uuids;

/**
 * A row's position in an index ordered by (start, id), as a database's {@code (start, id)} b-tree
 * orders it: by start, then by id as an unsigned number. Each store orders its keys with a
 * comparator of its own that calls {@link #compare} (one small class per id type, so the JIT sees
 * one key type at each call and no chain of {@code Comparator.comparing} lambdas).
 *
 * @param start the row's start
 * @param id    the row's id
 * @param <I>   the id type
 */
record StartKey<I>(Instant start, I id) {
    /** Compares (start, id) pairs: by start, then by id as an unsigned number. */
    static int compare(Instant aStart, UUID aId, Instant bStart, UUID bId) {
        int byStart = aStart.compareTo(bStart);
        return byStart != 0 ? byStart : Uuids.compareUnsigned(aId, bId);
    }
}
