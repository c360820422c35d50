package org.patientportal.spi.storage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.patientportal.model.AccountId;
import org.patientportal.model.SessionId;
import org.patientportal.model.SessionRecord;

/** Login sessions, stored by token hash (AU-6). */
public interface Sessions {
    /**
     * Inserts a new session (not revoked, version 0).
     *
     * @throws DuplicateKeyException if the id or the token hash is taken
     */
    void insert(SessionRecord session);

    /** The session with this id. */
    Optional<SessionRecord> find(SessionId id);

    /** The session whose token hash is exactly {@code tokenHash}. */
    Optional<SessionRecord> findByTokenHash(String tokenHash);

    /**
     * Records activity: sets {@code lastSeenAt} to {@code seenAt} only if the session is not
     * revoked and its {@code lastSeenAt} is before {@code onlyIfLastSeenBefore} (so activity is
     * written at most once a minute, not on every request).
     *
     * @return whether it wrote
     */
    boolean touch(SessionId id, Instant seenAt, Instant onlyIfLastSeenBefore);

    /**
     * Revokes a session that is not revoked yet. Of concurrent calls, exactly one returns true.
     *
     * @return whether this call revoked it
     */
    boolean revoke(SessionId id, Instant at);

    /**
     * Revokes every session of the account not revoked yet (password change, account disabled).
     *
     * @return how many were revoked
     */
    int revokeAll(AccountId accountId, Instant at);

    /**
     * One page of the account's sessions that are not revoked, in id order (keyset pagination).
     * Expiry is not filtered here: it depends on the clock and the policy.
     *
     * @param after the last id of the previous page, or null for the first page
     * @param limit page size, 1 to 1000
     */
    List<SessionRecord> listUnrevoked(AccountId accountId, SessionId after, int limit);
}
