package org.patientportal.model;

import java.util.Objects;
import java.util.UUID;

/**
 * Identifies a visit type (SC-1). Wraps a time-ordered (version 7) UUID.
 *
 * @param value the UUID, never null
 */
public record VisitTypeId(UUID value) {
    public VisitTypeId {
        Objects.requireNonNull(value, "value");
    }

    /** A new, time-ordered id. */
    public static VisitTypeId newId() {
        return new VisitTypeId(Uuids.timeOrdered());
    }

    /**
     * Parses the canonical text form.
     *
     * @throws IllegalArgumentException if {@code text} is not a UUID
     */
    public static VisitTypeId parse(String text) {
        return new VisitTypeId(Uuids.parse(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
