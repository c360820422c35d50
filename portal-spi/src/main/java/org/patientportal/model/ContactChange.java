package org.patientportal.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A patient's request to change their email or mobile number on file (PR-2), waiting for the code
 * sent to the new address. A patient has at most one per {@link ContactKind}: a newer request
 * replaces it. Holds a contact: {@link #toString()} prints ids only.
 *
 * @param id             the request's id
 * @param patientId      whose contact changes
 * @param kind           email or mobile
 * @param newAddress     the address asked for (an email address, or a mobile number in E.164)
 * @param codeHash       keyed hash of the confirmation code; never the code
 * @param requestedAt    when it was asked for
 * @param expiresAt      when the code stops being accepted (at exactly that instant it is expired)
 * @param failedAttempts wrong codes typed so far
 * @param confirmedAt    when the right code was typed and the contact changed, or null while pending
 */
public record ContactChange(
        ContactChangeId id,
        PatientId patientId,
        ContactKind kind,
        String newAddress,
        String codeHash,
        Instant requestedAt,
        Instant expiresAt,
        int failedAttempts,
        Instant confirmedAt) {

    public ContactChange {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(kind, "kind");
        Checks.notBlank(newAddress, "newAddress");
        Checks.notBlank(codeHash, "codeHash");
        Objects.requireNonNull(requestedAt, "requestedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Checks.notNegative(failedAttempts, "failedAttempts");
    }

    /** A new pending request: no failed attempt, not confirmed. */
    public static ContactChange pending(PatientId patientId, ContactKind kind, String newAddress, String codeHash,
                                        Instant requestedAt, Instant expiresAt) {
        return new ContactChange(ContactChangeId.newId(), patientId, kind, newAddress, codeHash, requestedAt,
                expiresAt, 0, null);
    }

    /** Whether the change still waits for its code. */
    public boolean isPending() {
        return confirmedAt == null;
    }

    @Override
    public String toString() {
        return "ContactChange[id=" + id + ", patientId=" + patientId + ", kind=" + kind + ", failedAttempts="
                + failedAttempts + ", confirmed=" + (confirmedAt != null) + "]";
    }
}
