package org.patientportal.inmemory;

import java.time.Instant;
import java.util.Comparator;
import java.util.UUID;
import java.util.function.Function;
import org.patientportal.model.Uuids;

/**
 * A row's position in an index ordered by (start, id), as a database's {@code (start, id)} b-tree
 * orders it: by start, then by id as an unsigned number.
 *
 * @param start the row's start
 * @param id    the row's id
 * @param <I>   the id type
 */
record StartKey<I>(Instant start, I id) {
    /** The (start, id) order of keys whose ids wrap the UUID that {@code uuidOf} answers. */
    static <I> Comparator<StartKey<I>> order(Function<I, UUID> uuidOf) {
        Comparator<I> ids = Comparator.comparing(uuidOf, Uuids.UNSIGNED_ORDER);
        return Comparator.<StartKey<I>, Instant>comparing(StartKey::start).thenComparing(StartKey::id, ids);
    }
}
