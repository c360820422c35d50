package org.patientportal.model;

import java.util.Objects;
import java.util.UUID;

/**
 * Identifies a pool: a named group of staff answering messages (MS-6). Wraps a time-ordered (version 7) UUID.
 *
 * @param value the UUID, never null
 */
public record PoolId(UUID value) {
    public PoolId {
        Objects.requireNonNull(value, "value");
    }

    /** A new, time-ordered id. */
    public static PoolId newId() {
        return new PoolId(Uuids.timeOrdered());
    }

    /**
     * Parses the canonical text form.
     *
     * @throws IllegalArgumentException if {@code text} is not a UUID
     */
    public static PoolId parse(String text) {
        return new PoolId(Uuids.parse(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
