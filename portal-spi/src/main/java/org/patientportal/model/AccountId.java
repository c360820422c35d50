package org.patientportal.model;

import java.util.Objects;
import java.util.UUID;

/**
 * Identifies a patient's portal account. Wraps a time-ordered (version 7) UUID.
 *
 * @param value the UUID, never null
 */
public record AccountId(UUID value) {
    public AccountId {
        Objects.requireNonNull(value, "value");
    }

    /** A new, time-ordered id. */
    public static AccountId newId() {
        return new AccountId(Uuids.timeOrdered());
    }

    /**
     * Parses the canonical text form.
     *
     * @throws IllegalArgumentException if {@code text} is not a UUID
     */
    public static AccountId parse(String text) {
        return new AccountId(Uuids.parse(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
