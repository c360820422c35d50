package org.patientportal.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.patientportal.model.IdempotencyRecord;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.IdempotencyRecords;

/** {@link IdempotencyRecords} on the {@code idempotency_records} table. */
final class JdbcIdempotencyRecords implements IdempotencyRecords {
    private static final String INSERT = "INSERT INTO idempotency_records"
            + " (scope, idem_key, request_hash, response, created_at) VALUES (?, ?, ?, ?, ?)";

    /** One record by scope and key. */
    static final String FIND = "SELECT scope, idem_key, request_hash, response, created_at"
            + " FROM idempotency_records WHERE scope = ? AND idem_key = ?";

    private final JdbcTransaction tx;
    /** Scope and key of every record this transaction inserted: a second one is refused at once. */
    private final Set<List<String>> inserted = new HashSet<>();

    JdbcIdempotencyRecords(JdbcTransaction tx) {
        this.tx = tx;
    }

    @Override
    public Optional<IdempotencyRecord> find(String scope, String key) {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(key, "key");
        return tx.queryOne("find idempotency record", FIND, p -> p.text(scope).text(key), JdbcIdempotencyRecords::map);
    }

    static IdempotencyRecord map(ResultSet row) throws SQLException {
        return new IdempotencyRecord(row.getString("scope"), row.getString("idem_key"), row.getString("request_hash"),
                row.getString("response"), Sql.instant(row, "created_at"));
    }

    @Override
    public void insert(IdempotencyRecord record) {
        Objects.requireNonNull(record, "record");
        if (!inserted.add(List.of(record.scope(), record.key()))) {
            // written behind, so the database cannot tell yet; the transaction stays usable, as it did
            throw new DuplicateKeyException("Could not add idempotency record: the scope and key are taken");
        }
        // A concurrent insert of the same key waits for the first transaction: it finds the key taken
        // when that one commits (DO NOTHING, no row, no aborted transaction), or inserts if it rolls back.
        // On PostgreSQL the insert is written behind (JdbcTransaction#defer): a taken key fails the
        // next statement or the commit with the same DuplicateKeyException.
        String sql = tx.postgres() ? INSERT + " ON CONFLICT DO NOTHING" : INSERT;
        tx.defer("add idempotency record", sql, p -> p.text(record.scope()).text(record.key())
                .text(record.requestHash()).text(record.response()).instant(record.createdAt()),
                "Could not add idempotency record: the scope and key are taken");
    }

    @Override
    public int purgeCreatedBefore(Instant createdBefore, int limit) {
        Objects.requireNonNull(createdBefore, "createdBefore");
        JdbcOutbox.purgeLimit(limit);
        return tx.update("purge idempotency records", "DELETE FROM idempotency_records WHERE (scope, idem_key) IN"
                        + " (SELECT scope, idem_key FROM idempotency_records WHERE created_at < ?"
                        + " ORDER BY created_at LIMIT ?)",
                p -> p.instant(createdBefore).integer(limit));
    }
}
