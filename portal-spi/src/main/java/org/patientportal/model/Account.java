package org.patientportal.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A patient's portal account. {@link #toString()} never prints the password hash.
 *
 * @param id                 the account's id
 * @param patientId          the patient who owns it (one account per patient, EN-8)
 * @param username           the username as the patient typed it
 * @param usernameKey        the username normalised for uniqueness (NFKC, case-folded; AU-1)
 * @param passwordHash       the password as a PHC string (Argon2id in production; AU-3)
 * @param status             whether the account may log in
 * @param failedLoginCount   consecutive failed logins (AU-5), counted in storage
 * @param lastFailedLoginAt  when the last failure happened, or null
 * @param createdAt          when the account was created
 * @param passwordChangedAt  when the password was last set
 * @param version            optimistic-lock version, 0 for a new row
 */
public record Account(
        AccountId id,
        PatientId patientId,
        String username,
        String usernameKey,
        String passwordHash,
        AccountStatus status,
        int failedLoginCount,
        Instant lastFailedLoginAt,
        Instant createdAt,
        Instant passwordChangedAt,
        long version) {

    public Account {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(patientId, "patientId");
        Checks.notBlank(username, "username");
        Checks.notBlank(usernameKey, "usernameKey");
        Checks.notBlank(passwordHash, "passwordHash");
        Objects.requireNonNull(status, "status");
        Checks.notNegative(failedLoginCount, "failedLoginCount");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(passwordChangedAt, "passwordChangedAt");
        Checks.notNegative(version, "version");
    }

    /** This account with a new password hash, set at {@code at}. */
    public Account withPasswordHash(String newHash, Instant at) {
        return new Account(id, patientId, username, usernameKey, newHash, status, failedLoginCount,
                lastFailedLoginAt, createdAt, at, version);
    }

    /** This account with another status. */
    public Account withStatus(AccountStatus newStatus) {
        return new Account(id, patientId, username, usernameKey, passwordHash, newStatus, failedLoginCount,
                lastFailedLoginAt, createdAt, passwordChangedAt, version);
    }

    /** This account with the given version. */
    public Account withVersion(long newVersion) {
        return new Account(id, patientId, username, usernameKey, passwordHash, status, failedLoginCount,
                lastFailedLoginAt, createdAt, passwordChangedAt, newVersion);
    }

    @Override
    public String toString() {
        return "Account[id=" + id + ", patientId=" + patientId + ", status=" + status + ", version=" + version + "]";
    }
}
