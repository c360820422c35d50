package org.patientportal.core.profile;

import java.time.Instant;
import java.util.Objects;
import org.patientportal.model.ContactKind;

/**
 * A contact change asked for (PR-2): the code is on its way to the new address.
 * {@link #toString()} prints no address.
 *
 * @param kind          email or mobile
 * @param maskedAddress the new address the code goes to, masked
 * @param expiresAt     when the code stops being accepted
 */
public record ContactChangeRequested(ContactKind kind, String maskedAddress, Instant expiresAt) {
    /** Checks every part. */
    public ContactChangeRequested {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(maskedAddress, "maskedAddress");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        return "ContactChangeRequested[kind=" + kind + ", expiresAt=" + expiresAt + "]";
    }
}
