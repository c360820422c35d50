package org.patientportal.model;

import java.util.Objects;
import java.util.UUID;

/**
 * Identifies a clinic department (SC-1). Wraps a time-ordered (version 7) UUID.
 *
 * @param value the UUID, never null
 */
public record DepartmentId(UUID value) {
    public DepartmentId {
        Objects.requireNonNull(value, "value");
    }

    /** A new, time-ordered id. */
    public static DepartmentId newId() {
        return new DepartmentId(Uuids.timeOrdered());
    }

    /**
     * Parses the canonical text form.
     *
     * @throws IllegalArgumentException if {@code text} is not a UUID
     */
    public static DepartmentId parse(String text) {
        return new DepartmentId(Uuids.parse(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
