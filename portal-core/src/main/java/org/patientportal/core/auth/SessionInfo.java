package org.patientportal.core.auth;

import java.util.Objects;
import java.time.Instant;
import org.patientportal.model.SessionId;

/**
 * One of the patient's open sessions, as listed by {@link Auth#sessions}.
 *
 * @param id         the session's id (to revoke it with {@link Auth#revokeSession})
 * @param createdAt  when it logged in
 * @param lastSeenAt its last recorded activity (recorded at most once a minute)
 * @param current    whether it is the session of the call that listed it
 */
public record SessionInfo(SessionId id, Instant createdAt, Instant lastSeenAt, boolean current) {

    /** Checks every part is present. */
    public SessionInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastSeenAt, "lastSeenAt");
    }
}
