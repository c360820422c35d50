package org.patientportal.model;

import java.util.Objects;
import java.util.UUID;

/**
 * Identifies a messaging topic the clinic configures (MS-1). Wraps a time-ordered (version 7) UUID.
 *
 * @param value the UUID, never null
 */
public record TopicId(UUID value) {
    public TopicId {
        Objects.requireNonNull(value, "value");
    }

    /** A new, time-ordered id. */
    public static TopicId newId() {
        return new TopicId(Uuids.timeOrdered());
    }

    /**
     * Parses the canonical text form.
     *
     * @throws IllegalArgumentException if {@code text} is not a UUID
     */
    public static TopicId parse(String text) {
        return new TopicId(Uuids.parse(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
