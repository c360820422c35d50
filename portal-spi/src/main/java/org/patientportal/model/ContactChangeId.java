package org.patientportal.model;

import java.util.Objects;
import java.util.UUID;

/**
 * Identifies a requested change of a patient's email or mobile number. Wraps a time-ordered
 * (version 7) UUID.
 *
 * @param value the UUID, never null
 */
public record ContactChangeId(UUID value) {
    public ContactChangeId {
        Objects.requireNonNull(value, "value");
    }

    /** A new, time-ordered id. */
    public static ContactChangeId newId() {
        return new ContactChangeId(Uuids.timeOrdered());
    }

    /**
     * Parses the canonical text form.
     *
     * @throws IllegalArgumentException if {@code text} is not a UUID
     */
    public static ContactChangeId parse(String text) {
        return new ContactChangeId(Uuids.parse(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
