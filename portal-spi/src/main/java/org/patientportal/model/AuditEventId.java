package org.patientportal.model;

import java.util.Objects;
import java.util.UUID;

/**
 * Identifies an audit event. Wraps a time-ordered (version 7) UUID.
 *
 * @param value the UUID, never null
 */
public record AuditEventId(UUID value) {
    public AuditEventId {
        Objects.requireNonNull(value, "value");
    }

    /** A new, time-ordered id. */
    public static AuditEventId newId() {
        return new AuditEventId(Uuids.timeOrdered());
    }

    /**
     * Parses the canonical text form.
     *
     * @throws IllegalArgumentException if {@code text} is not a UUID
     */
    public static AuditEventId parse(String text) {
        return new AuditEventId(Uuids.parse(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
