package org.patientportal.model;

import java.util.Objects;
import java.util.UUID;

/**
 * Identifies a wait-list entry (SC-7). Wraps a time-ordered (version 7) UUID.
 *
 * @param value the UUID, never null
 */
public record WaitlistEntryId(UUID value) {
    public WaitlistEntryId {
        Objects.requireNonNull(value, "value");
    }

    /** A new, time-ordered id. */
    public static WaitlistEntryId newId() {
        return new WaitlistEntryId(Uuids.timeOrdered());
    }

    /**
     * Parses the canonical text form.
     *
     * @throws IllegalArgumentException if {@code text} is not a UUID
     */
    public static WaitlistEntryId parse(String text) {
        return new WaitlistEntryId(Uuids.parse(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
