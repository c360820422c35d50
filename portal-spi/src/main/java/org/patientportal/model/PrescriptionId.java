package org.patientportal.model;

import java.util.Objects;
import java.util.UUID;

/**
 * Identifies a prescription imported from the clinic's record (RF-1). Wraps a time-ordered (version 7) UUID.
 *
 * @param value the UUID, never null
 */
public record PrescriptionId(UUID value) {
    public PrescriptionId {
        Objects.requireNonNull(value, "value");
    }

    /** A new, time-ordered id. */
    public static PrescriptionId newId() {
        return new PrescriptionId(Uuids.timeOrdered());
    }

    /**
     * Parses the canonical text form.
     *
     * @throws IllegalArgumentException if {@code text} is not a UUID
     */
    public static PrescriptionId parse(String text) {
        return new PrescriptionId(Uuids.parse(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
