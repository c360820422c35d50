package org.patientportal.model;

import java.util.Objects;
import java.util.UUID;

/**
 * Identifies a test result (RS-1): one per patient and source id, across all its versions. Wraps a
 * time-ordered (version 7) UUID.
 *
 * @param value the UUID, never null
 */
public record ResultId(UUID value) {
    public ResultId {
        Objects.requireNonNull(value, "value");
    }

    /** A new, time-ordered id. */
    public static ResultId newId() {
        return new ResultId(Uuids.timeOrdered());
    }

    /**
     * Parses the canonical text form.
     *
     * @throws IllegalArgumentException if {@code text} is not a UUID
     */
    public static ResultId parse(String text) {
        return new ResultId(Uuids.parse(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
