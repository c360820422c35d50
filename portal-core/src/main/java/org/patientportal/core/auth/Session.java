package org.patientportal.core.auth;

import java.time.Instant;
import java.util.Objects;
import org.patientportal.model.SessionId;

/**
 * A new login session (AU-6). The token is the bearer secret the host hands back to the patient's
 * browser and passes to {@link Auth#authenticate} on each request; only its keyed hash is stored.
 * {@link #toString()} never shows the token.
 *
 * @param id                the session's id
 * @param token             the bearer token: 32 random bytes, base64url without padding (43 characters)
 * @param idleExpiresAt     when the session ends if it sees no activity
 * @param absoluteExpiresAt when the session ends whatever its activity
 */
public record Session(SessionId id, String token, Instant idleExpiresAt, Instant absoluteExpiresAt) {

    /** Checks every part is present. */
    public Session {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(idleExpiresAt, "idleExpiresAt");
        Objects.requireNonNull(absoluteExpiresAt, "absoluteExpiresAt");
    }

    @Override
    public String toString() {
        return "Session[id=" + id + ", token=***, idleExpiresAt=" + idleExpiresAt
                + ", absoluteExpiresAt=" + absoluteExpiresAt + "]";
    }
}
