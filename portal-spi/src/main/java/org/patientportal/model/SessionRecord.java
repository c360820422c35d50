package org.patientportal.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored login session. The token is never stored: only its keyed hash (AU-6).
 *
 * @param id                the session's id
 * @param accountId         the account logged in
 * @param tokenHash         keyed hash of the bearer token; unique
 * @param createdAt         login time
 * @param lastSeenAt        last recorded activity (written at most once a minute)
 * @param absoluteExpiresAt end of the absolute lifetime
 * @param revokedAt         when it was revoked (logout, password change), or null
 * @param version           optimistic-lock version, 0 for a new row
 */
public record SessionRecord(
        SessionId id,
        AccountId accountId,
        String tokenHash,
        Instant createdAt,
        Instant lastSeenAt,
        Instant absoluteExpiresAt,
        Instant revokedAt,
        long version) {

    public SessionRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(accountId, "accountId");
        Checks.notBlank(tokenHash, "tokenHash");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastSeenAt, "lastSeenAt");
        Objects.requireNonNull(absoluteExpiresAt, "absoluteExpiresAt");
        Checks.notNegative(version, "version");
    }

    /** Whether the session was revoked. */
    public boolean revoked() {
        return revokedAt != null;
    }

    @Override
    public String toString() {
        return "SessionRecord[id=" + id + ", accountId=" + accountId + ", revoked=" + revoked() + "]";
    }
}
