package org.patientportal.model;

import java.util.Objects;
import java.util.UUID;

/**
 * Identifies a patient of the clinic. Wraps a time-ordered (version 7) UUID.
 *
 * @param value the UUID, never null
 */
public record PatientId(UUID value) {
    public PatientId {
        Objects.requireNonNull(value, "value");
    }

    /** A new, time-ordered id. */
    public static PatientId newId() {
        return new PatientId(Uuids.timeOrdered());
    }

    /**
     * Parses the canonical text form.
     *
     * @throws IllegalArgumentException if {@code text} is not a UUID
     */
    public static PatientId parse(String text) {
        return new PatientId(Uuids.parse(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
