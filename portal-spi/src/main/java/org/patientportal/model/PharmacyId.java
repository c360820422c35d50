package org.patientportal.model;

import java.util.Objects;
import java.util.UUID;

/**
 * Identifies a pharmacy of the clinic's directory (RF-4). Wraps a time-ordered (version 7) UUID.
 *
 * @param value the UUID, never null
 */
public record PharmacyId(UUID value) {
    public PharmacyId {
        Objects.requireNonNull(value, "value");
    }

    /** A new, time-ordered id. */
    public static PharmacyId newId() {
        return new PharmacyId(Uuids.timeOrdered());
    }

    /**
     * Parses the canonical text form.
     *
     * @throws IllegalArgumentException if {@code text} is not a UUID
     */
    public static PharmacyId parse(String text) {
        return new PharmacyId(Uuids.parse(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
