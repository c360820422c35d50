package org.patientportal.model;

import java.util.Objects;
import java.util.UUID;

/**
 * Identifies an appointment slot (SC-1). Wraps a time-ordered (version 7) UUID.
 *
 * @param value the UUID, never null
 */
public record SlotId(UUID value) {
    public SlotId {
        Objects.requireNonNull(value, "value");
    }

    /** A new, time-ordered id. */
    public static SlotId newId() {
        return new SlotId(Uuids.timeOrdered());
    }

    /**
     * Parses the canonical text form.
     *
     * @throws IllegalArgumentException if {@code text} is not a UUID
     */
    public static SlotId parse(String text) {
        return new SlotId(Uuids.parse(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
