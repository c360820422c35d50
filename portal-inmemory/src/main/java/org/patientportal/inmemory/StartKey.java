package org.patientportal.inmemory;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.patientportal.model.Uuids;

/**
 * A row's position in an index ordered by (start, id), as a database's {@code (start, id)} b-tree
 * orders it: by start, then by id as an unsigned number. The key keeps the start's seconds and
 * nanoseconds and the id's two halves as primitive fields (what a {@link StartIndex} stores of it),
 * so comparing two keys reads the two keys and nothing else. Keys equal by start and id are equal
 * whatever their subclass.
 *
 * @param <I> the id type
 */
class StartKey<I> {
    private final Instant start;
    private final I id;
    private final long seconds;
    private final int nanos;
    private final long high;
    private final long low;

    /**
     * @param start the row's start
     * @param id    the row's id
     * @param uuid  the UUID that {@code id} wraps
     */
    StartKey(Instant start, I id, UUID uuid) {
        this.start = start;
        this.id = id;
        this.seconds = start.getEpochSecond();
        this.nanos = start.getNano();
        this.high = uuid.getMostSignificantBits();
        this.low = uuid.getLeastSignificantBits();
    }

    /** A key from its parts (as an index keeps them). */
    StartKey(long seconds, int nanos, I id, long high, long low) {
        this.start = Instant.ofEpochSecond(seconds, nanos);
        this.id = id;
        this.seconds = seconds;
        this.nanos = nanos;
        this.high = high;
        this.low = low;
    }

    Instant start() {
        return start;
    }

    I id() {
        return id;
    }

    long seconds() {
        return seconds;
    }

    int nanos() {
        return nanos;
    }

    long high() {
        return high;
    }

    long low() {
        return low;
    }

    /** Compares two keys in (start, id) order. */
    static int compare(StartKey<?> a, StartKey<?> b) {
        int order = Long.compare(a.seconds, b.seconds);
        if (order == 0) {
            order = Integer.compare(a.nanos, b.nanos);
        }
        if (order == 0) {
            order = Long.compareUnsigned(a.high, b.high);
        }
        return order != 0 ? order : Long.compareUnsigned(a.low, b.low);
    }

    /** Compares (start, id) pairs of rows (not keys) in the same order. */
    static int compare(Instant aStart, UUID aId, Instant bStart, UUID bId) {
        int byStart = aStart.compareTo(bStart);
        return byStart != 0 ? byStart : Uuids.compareUnsigned(aId, bId);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StartKey<?> key && start.equals(key.start) && id.equals(key.id);
    }

    @Override
    public int hashCode() {
        return Objects.hash(start, id);
    }

    @Override
    public String toString() {
        return "StartKey[start=" + start + ", id=" + id + "]";
    }
}
