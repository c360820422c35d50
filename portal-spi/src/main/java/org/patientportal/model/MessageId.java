package org.patientportal.model;

import java.util.Objects;
import java.util.UUID;

/**
 * Identifies one message of a thread (MS-1, MS-3). Wraps a time-ordered (version 7) UUID.
 *
 * @param value the UUID, never null
 */
public record MessageId(UUID value) {
    public MessageId {
        Objects.requireNonNull(value, "value");
    }

    /** A new, time-ordered id. */
    public static MessageId newId() {
        return new MessageId(Uuids.timeOrdered());
    }

    /**
     * Parses the canonical text form.
     *
     * @throws IllegalArgumentException if {@code text} is not a UUID
     */
    public static MessageId parse(String text) {
        return new MessageId(Uuids.parse(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
