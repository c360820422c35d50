package org.patientportal.model;

import java.util.Objects;
import java.util.UUID;

/**
 * Identifies an appointment (SC-3). Wraps a time-ordered (version 7) UUID.
 *
 * @param value the UUID, never null
 */
public record AppointmentId(UUID value) {
    public AppointmentId {
        Objects.requireNonNull(value, "value");
    }

    /** A new, time-ordered id. */
    public static AppointmentId newId() {
        return new AppointmentId(Uuids.timeOrdered());
    }

    /**
     * Parses the canonical text form.
     *
     * @throws IllegalArgumentException if {@code text} is not a UUID
     */
    public static AppointmentId parse(String text) {
        return new AppointmentId(Uuids.parse(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
