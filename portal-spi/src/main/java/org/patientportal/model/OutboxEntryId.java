package org.patientportal.model;

import java.util.Objects;
import java.util.UUID;

/**
 * Identifies an outbox entry. Wraps a time-ordered (version 7) UUID.
 *
 * @param value the UUID, never null
 */
public record OutboxEntryId(UUID value) {
    public OutboxEntryId {
        Objects.requireNonNull(value, "value");
    }

    /** A new, time-ordered id. */
    public static OutboxEntryId newId() {
        return new OutboxEntryId(Uuids.timeOrdered());
    }

    /**
     * Parses the canonical text form.
     *
     * @throws IllegalArgumentException if {@code text} is not a UUID
     */
    public static OutboxEntryId parse(String text) {
        return new OutboxEntryId(Uuids.parse(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
