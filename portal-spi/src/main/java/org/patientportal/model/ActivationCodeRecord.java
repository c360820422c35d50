package org.patientportal.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored activation code. The code itself is never stored: only its keyed hash (EN-7).
 *
 * @param id             the code's id
 * @param patientId      the patient it was issued for
 * @param purpose        sign-up or password reset
 * @param codeHash       keyed hash (HMAC with the host's key) of the normalised code; unique
 * @param delivery       how it was delivered
 * @param issuedAt       when it was issued
 * @param expiresAt      the instant it stops being valid (expired at exactly this instant, EN-3)
 * @param issuedBy       who issued it (a staff id, or "system")
 * @param status         active, used or revoked
 * @param failedAttempts failed verifications counted in storage (EN-6)
 * @param closedAt       when it was used or revoked, or null while active
 * @param version        optimistic-lock version, 0 for a new row
 */
public record ActivationCodeRecord(
        ActivationCodeId id,
        PatientId patientId,
        CodePurpose purpose,
        String codeHash,
        Delivery delivery,
        Instant issuedAt,
        Instant expiresAt,
        String issuedBy,
        CodeStatus status,
        int failedAttempts,
        Instant closedAt,
        long version) {

    public ActivationCodeRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(purpose, "purpose");
        Checks.notBlank(codeHash, "codeHash");
        Objects.requireNonNull(delivery, "delivery");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Checks.notBlank(issuedBy, "issuedBy");
        Objects.requireNonNull(status, "status");
        Checks.notNegative(failedAttempts, "failedAttempts");
        Checks.notNegative(version, "version");
        if (expiresAt.isBefore(issuedAt)) {
            throw new IllegalArgumentException("expiresAt must not be before issuedAt");
        }
    }

    @Override
    public String toString() {
        return "ActivationCodeRecord[id=" + id + ", patientId=" + patientId + ", purpose=" + purpose
                + ", status=" + status + ", version=" + version + "]";
    }
}
