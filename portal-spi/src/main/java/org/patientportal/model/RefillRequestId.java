package org.patientportal.model;

import java.util.Objects;
import java.util.UUID;

/**
 * Identifies a refill request (RF-3). Wraps a time-ordered (version 7) UUID.
 *
 * @param value the UUID, never null
 */
public record RefillRequestId(UUID value) {
    public RefillRequestId {
        Objects.requireNonNull(value, "value");
    }

    /** A new, time-ordered id. */
    public static RefillRequestId newId() {
        return new RefillRequestId(Uuids.timeOrdered());
    }

    /**
     * Parses the canonical text form.
     *
     * @throws IllegalArgumentException if {@code text} is not a UUID
     */
    public static RefillRequestId parse(String text) {
        return new RefillRequestId(Uuids.parse(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
