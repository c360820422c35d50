package org.patientportal.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.patientportal.model.AccountId;
import org.patientportal.model.SessionId;
import org.patientportal.model.SessionRecord;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.Sessions;

/** {@link Sessions} on the {@code sessions} table. */
final class JdbcSessions implements Sessions {
    private static final String COLUMNS =
            "id, account_id, token_hash, created_at, last_seen_at, absolute_expires_at, revoked_at, version";
    private static final String INSERT = "INSERT INTO sessions (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

    private final JdbcTransaction tx;

    JdbcSessions(JdbcTransaction tx) {
        this.tx = tx;
    }

    @Override
    public void insert(SessionRecord session) {
        Objects.requireNonNull(session, "session");
        String sql = tx.postgres() ? INSERT + " ON CONFLICT DO NOTHING" : INSERT;
        int rows = tx.update("add session", sql, p -> p.uuid(session.id().value())
                .uuid(session.accountId().value()).text(session.tokenHash()).instant(session.createdAt())
                .instant(session.lastSeenAt()).instant(session.absoluteExpiresAt()).instant(session.revokedAt())
                .bigint(session.version()));
        if (rows == 0) {
            throw new DuplicateKeyException("Could not add session: the id or the token hash is taken");
        }
    }

    @Override
    public Optional<SessionRecord> find(SessionId id) {
        Objects.requireNonNull(id, "id");
        return tx.queryOne("find session", "SELECT " + COLUMNS + " FROM sessions WHERE id = ?",
                p -> p.uuid(id.value()), JdbcSessions::map);
    }

    @Override
    public Optional<SessionRecord> findByTokenHash(String tokenHash) {
        Objects.requireNonNull(tokenHash, "tokenHash");
        return tx.queryOne("find session by token", "SELECT " + COLUMNS + " FROM sessions WHERE token_hash = ?",
                p -> p.text(tokenHash), JdbcSessions::map);
    }

    @Override
    public boolean touch(SessionId id, Instant seenAt, Instant onlyIfLastSeenBefore) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(seenAt, "seenAt");
        Objects.requireNonNull(onlyIfLastSeenBefore, "onlyIfLastSeenBefore");
        // Activity is not a state change: the version stays, so a touch never makes another write stale.
        return tx.update("touch session", "UPDATE sessions SET last_seen_at = ?"
                        + " WHERE id = ? AND revoked_at IS NULL AND last_seen_at < ?",
                p -> p.instant(seenAt).uuid(id.value()).instant(onlyIfLastSeenBefore)) == 1;
    }

    @Override
    public boolean revoke(SessionId id, Instant at) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        return tx.update("revoke session", "UPDATE sessions SET revoked_at = ?, version = version + 1"
                + " WHERE id = ? AND revoked_at IS NULL", p -> p.instant(at).uuid(id.value())) == 1;
    }

    @Override
    public int revokeAll(AccountId accountId, Instant at) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(at, "at");
        return tx.update("revoke sessions", "UPDATE sessions SET revoked_at = ?, version = version + 1"
                + " WHERE account_id = ? AND revoked_at IS NULL", p -> p.instant(at).uuid(accountId.value()));
    }

    @Override
    public List<SessionRecord> listUnrevoked(AccountId accountId, SessionId after, int limit) {
        Objects.requireNonNull(accountId, "accountId");
        Sql.pageLimit(limit);
        if (after == null) {
            return tx.query("list sessions", "SELECT " + COLUMNS
                            + " FROM sessions WHERE account_id = ? AND revoked_at IS NULL ORDER BY id"
                            + Sql.limit(limit),
                    p -> p.uuid(accountId.value()), JdbcSessions::map);
        }
        return tx.query("list sessions", "SELECT " + COLUMNS
                        + " FROM sessions WHERE account_id = ? AND revoked_at IS NULL AND id > ? ORDER BY id"
                        + Sql.limit(limit),
                p -> p.uuid(accountId.value()).uuid(after.value()), JdbcSessions::map);
    }

    private static SessionRecord map(ResultSet row) throws SQLException {
        return new SessionRecord(new SessionId(Sql.uuid(row, "id")), new AccountId(Sql.uuid(row, "account_id")),
                row.getString("token_hash"), Sql.instant(row, "created_at"), Sql.instant(row, "last_seen_at"),
                Sql.instant(row, "absolute_expires_at"), Sql.instant(row, "revoked_at"), row.getLong("version"));
    }
}
