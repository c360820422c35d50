package org.patientportal.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.patientportal.model.ActivationCodeId;
import org.patientportal.model.ActivationCodeRecord;
import org.patientportal.model.CodePurpose;
import org.patientportal.model.CodeStatus;
import org.patientportal.model.Delivery;
import org.patientportal.model.PatientId;
import org.patientportal.spi.storage.ActivationCodes;
import org.patientportal.spi.storage.DuplicateKeyException;

/** {@link ActivationCodes} on the {@code activation_codes} table. */
final class JdbcActivationCodes implements ActivationCodes {
    private static final String COLUMNS = "id, patient_id, purpose, code_hash, delivery, issued_at, expires_at,"
            + " issued_by, status, failed_attempts, closed_at, version";
    private static final String INSERT =
            "INSERT INTO activation_codes (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String FAILURE_SET = "failed_attempts = failed_attempts + 1 WHERE id = ?";
    /** Closing a code (use or revoke) is a state change: it moves the version like any other. */
    private static final String CLOSE = "UPDATE activation_codes SET status = ?, closed_at = ?, version = version + 1";

    private final JdbcTransaction tx;

    JdbcActivationCodes(JdbcTransaction tx) {
        this.tx = tx;
    }

    @Override
    public void insert(ActivationCodeRecord code) {
        Objects.requireNonNull(code, "code");
        String sql = tx.postgres() ? INSERT + " ON CONFLICT DO NOTHING" : INSERT;
        int rows = tx.update("add activation code", sql, p -> p.uuid(code.id().value())
                .uuid(code.patientId().value()).text(code.purpose()).text(code.codeHash()).text(code.delivery())
                .instant(code.issuedAt()).instant(code.expiresAt()).text(code.issuedBy()).text(code.status())
                .integer(code.failedAttempts()).instant(code.closedAt()).bigint(code.version()));
        if (rows == 0) {
            throw new DuplicateKeyException("Could not add activation code: the id or the code hash is taken");
        }
    }

    @Override
    public Optional<ActivationCodeRecord> find(ActivationCodeId id) {
        Objects.requireNonNull(id, "id");
        return tx.queryOne("find activation code", "SELECT " + COLUMNS + " FROM activation_codes WHERE id = ?",
                p -> p.uuid(id.value()), JdbcActivationCodes::map);
    }

    @Override
    public Optional<ActivationCodeRecord> findByHash(String codeHash) {
        Objects.requireNonNull(codeHash, "codeHash");
        return tx.queryOne("find activation code by hash",
                "SELECT " + COLUMNS + " FROM activation_codes WHERE code_hash = ?",
                p -> p.text(codeHash), JdbcActivationCodes::map);
    }

    @Override
    public List<ActivationCodeRecord> findByPatient(PatientId patientId) {
        Objects.requireNonNull(patientId, "patientId");
        return tx.query("list activation codes", "SELECT " + COLUMNS
                        + " FROM activation_codes WHERE patient_id = ? ORDER BY issued_at DESC, id DESC",
                p -> p.uuid(patientId.value()), JdbcActivationCodes::map);
    }

    @Override
    public int recordFailedAttempt(ActivationCodeId id) {
        Objects.requireNonNull(id, "id");
        if (tx.postgres()) {
            return tx.queryOne("record failed code attempt", "UPDATE activation_codes SET " + FAILURE_SET
                    + " RETURNING failed_attempts", p -> p.uuid(id.value()), row -> row.getInt(1)).orElse(-1);
        }
        // H2: the update locks the row until the end of the transaction, so the read sees this count.
        if (tx.update("record failed code attempt", "UPDATE activation_codes SET " + FAILURE_SET,
                p -> p.uuid(id.value())) == 0) {
            return -1;
        }
        return tx.queryOne("record failed code attempt", "SELECT failed_attempts FROM activation_codes WHERE id = ?",
                p -> p.uuid(id.value()), row -> row.getInt(1)).orElse(-1);
    }

    @Override
    public boolean consume(ActivationCodeId id, Instant at) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        return tx.update("consume activation code", CLOSE + " WHERE id = ? AND status = 'ACTIVE'",
                p -> p.text(CodeStatus.USED).instant(at).uuid(id.value())) == 1;
    }

    @Override
    public boolean revoke(ActivationCodeId id, Instant at) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        return tx.update("revoke activation code", CLOSE + " WHERE id = ? AND status = 'ACTIVE'",
                p -> p.text(CodeStatus.REVOKED).instant(at).uuid(id.value())) == 1;
    }

    @Override
    public int revokeActive(PatientId patientId, CodePurpose purpose, Instant at) {
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(at, "at");
        return tx.update("revoke activation codes",
                CLOSE + " WHERE patient_id = ? AND purpose = ? AND status = 'ACTIVE'",
                p -> p.text(CodeStatus.REVOKED).instant(at).uuid(patientId.value()).text(purpose));
    }

    private static ActivationCodeRecord map(ResultSet row) throws SQLException {
        return new ActivationCodeRecord(new ActivationCodeId(Sql.uuid(row, "id")),
                new PatientId(Sql.uuid(row, "patient_id")), Sql.enumValue(row, "purpose", CodePurpose.class),
                row.getString("code_hash"), Sql.enumValue(row, "delivery", Delivery.class),
                Sql.instant(row, "issued_at"), Sql.instant(row, "expires_at"), row.getString("issued_by"),
                Sql.enumValue(row, "status", CodeStatus.class), row.getInt("failed_attempts"),
                Sql.instant(row, "closed_at"), row.getLong("version"));
    }
}
