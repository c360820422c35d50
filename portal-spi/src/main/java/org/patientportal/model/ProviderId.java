package org.patientportal.model;

import java.util.Objects;
import java.util.UUID;

/**
 * Identifies a provider who sees patients (SC-1). Wraps a time-ordered (version 7) UUID.
 *
 * @param value the UUID, never null
 */
public record ProviderId(UUID value) {
    public ProviderId {
        Objects.requireNonNull(value, "value");
    }

    /** A new, time-ordered id. */
    public static ProviderId newId() {
        return new ProviderId(Uuids.timeOrdered());
    }

    /**
     * Parses the canonical text form.
     *
     * @throws IllegalArgumentException if {@code text} is not a UUID
     */
    public static ProviderId parse(String text) {
        return new ProviderId(Uuids.parse(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
