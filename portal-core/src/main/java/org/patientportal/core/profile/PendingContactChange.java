package org.patientportal.core.profile;

import java.time.Instant;
import java.util.Objects;
import org.patientportal.model.ContactKind;

/**
 * A contact change waiting for its code (PR-2). {@link #toString()} prints no address.
 *
 * @param kind          email or mobile
 * @param maskedAddress the new address, masked ({@code n***@example.org}, {@code ***1234})
 * @param expiresAt     when its code stops being accepted
 */
public record PendingContactChange(ContactKind kind, String maskedAddress, Instant expiresAt) {
    /** Checks every part. */
    public PendingContactChange {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(maskedAddress, "maskedAddress");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        return "PendingContactChange[kind=" + kind + ", expiresAt=" + expiresAt + "]";
    }
}
