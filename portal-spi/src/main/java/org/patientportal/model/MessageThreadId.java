package org.patientportal.model;

import java.util.Objects;
import java.util.UUID;

/**
 * Identifies a conversation between a patient and the care team (MS-1). Wraps a time-ordered (version 7) UUID.
 *
 * @param value the UUID, never null
 */
public record MessageThreadId(UUID value) {
    public MessageThreadId {
        Objects.requireNonNull(value, "value");
    }

    /** A new, time-ordered id. */
    public static MessageThreadId newId() {
        return new MessageThreadId(Uuids.timeOrdered());
    }

    /**
     * Parses the canonical text form.
     *
     * @throws IllegalArgumentException if {@code text} is not a UUID
     */
    public static MessageThreadId parse(String text) {
        return new MessageThreadId(Uuids.parse(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
