package org.patientportal.model;

import java.util.Objects;
import java.util.UUID;

/**
 * Identifies an entry of a patient's health history (HH-1). Wraps a time-ordered (version 7) UUID.
 *
 * @param value the UUID, never null
 */
public record HistoryEntryId(UUID value) {
    public HistoryEntryId {
        Objects.requireNonNull(value, "value");
    }

    /** A new, time-ordered id. */
    public static HistoryEntryId newId() {
        return new HistoryEntryId(Uuids.timeOrdered());
    }

    /**
     * Parses the canonical text form.
     *
     * @throws IllegalArgumentException if {@code text} is not a UUID
     */
    public static HistoryEntryId parse(String text) {
        return new HistoryEntryId(Uuids.parse(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
