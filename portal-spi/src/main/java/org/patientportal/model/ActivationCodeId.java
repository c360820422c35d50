package org.patientportal.model;

import java.util.Objects;
import java.util.UUID;

/**
 * Identifies an issued activation (or reset) code. Wraps a time-ordered (version 7) UUID.
 *
 * @param value the UUID, never null
 */
public record ActivationCodeId(UUID value) {
    public ActivationCodeId {
        Objects.requireNonNull(value, "value");
    }

    /** A new, time-ordered id. */
    public static ActivationCodeId newId() {
        return new ActivationCodeId(Uuids.timeOrdered());
    }

    /**
     * Parses the canonical text form.
     *
     * @throws IllegalArgumentException if {@code text} is not a UUID
     */
    public static ActivationCodeId parse(String text) {
        return new ActivationCodeId(Uuids.parse(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
