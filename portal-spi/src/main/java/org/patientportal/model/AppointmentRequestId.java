package org.patientportal.model;

import java.util.Objects;
import java.util.UUID;

/**
 * Identifies a request for a request-only visit type. Wraps a time-ordered (version 7) UUID.
 *
 * @param value the UUID, never null
 */
public record AppointmentRequestId(UUID value) {
    public AppointmentRequestId {
        Objects.requireNonNull(value, "value");
    }

    /** A new, time-ordered id. */
    public static AppointmentRequestId newId() {
        return new AppointmentRequestId(Uuids.timeOrdered());
    }

    /**
     * Parses the canonical text form.
     *
     * @throws IllegalArgumentException if {@code text} is not a UUID
     */
    public static AppointmentRequestId parse(String text) {
        return new AppointmentRequestId(Uuids.parse(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
