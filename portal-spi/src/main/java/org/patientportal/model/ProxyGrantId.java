package org.patientportal.model;

import java.util.Objects;
import java.util.UUID;

/**
 * Identifies a proxy grant (PX-1). Wraps a time-ordered (version 7) UUID.
 *
 * @param value the UUID, never null
 */
public record ProxyGrantId(UUID value) {
    public ProxyGrantId {
        Objects.requireNonNull(value, "value");
    }

    /** A new, time-ordered id. */
    public static ProxyGrantId newId() {
        return new ProxyGrantId(Uuids.timeOrdered());
    }

    /**
     * Parses the canonical text form.
     *
     * @throws IllegalArgumentException if {@code text} is not a UUID
     */
    public static ProxyGrantId parse(String text) {
        return new ProxyGrantId(Uuids.parse(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
