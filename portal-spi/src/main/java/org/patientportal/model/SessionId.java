package org.patientportal.model;

import java.util.Objects;
import java.util.UUID;

/**
 * Identifies a login session. Wraps a time-ordered (version 7) UUID.
 *
 * @param value the UUID, never null
 */
public record SessionId(UUID value) {
    public SessionId {
        Objects.requireNonNull(value, "value");
    }

    /** A new, time-ordered id. */
    public static SessionId newId() {
        return new SessionId(Uuids.timeOrdered());
    }

    /**
     * Parses the canonical text form.
     *
     * @throws IllegalArgumentException if {@code text} is not a UUID
     */
    public static SessionId parse(String text) {
        return new SessionId(Uuids.parse(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
