package org.patientportal.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.patientportal.model.ContactChange;
import org.patientportal.model.ContactChangeId;
import org.patientportal.model.ContactKind;
import org.patientportal.model.PatientId;
import org.patientportal.spi.storage.ContactChanges;
import org.patientportal.spi.storage.DuplicateKeyException;

/**
 * {@link ContactChanges} on the {@code contact_changes} table, keyed by patient and kind: a new
 * request is one upsert ({@code INSERT ... ON CONFLICT DO UPDATE} on PostgreSQL, {@code MERGE ...
 * KEY} on H2) that overwrites the previous request; both take the row's lock, so concurrent requests
 * are stored one after the other, the last commit winning. Every statement filters on the patient.
 */
final class JdbcContactChanges implements ContactChanges {
    private static final String COLUMNS = "patient_id, kind, id, new_address, code_hash, requested_at, expires_at,"
            + " failed_attempts, confirmed_at";
    private static final String PG_PUT = "INSERT INTO contact_changes (" + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (patient_id, kind) DO UPDATE SET id = EXCLUDED.id,"
            + " new_address = EXCLUDED.new_address, code_hash = EXCLUDED.code_hash,"
            + " requested_at = EXCLUDED.requested_at, expires_at = EXCLUDED.expires_at,"
            + " failed_attempts = EXCLUDED.failed_attempts, confirmed_at = EXCLUDED.confirmed_at";
    private static final String H2_PUT = "MERGE INTO contact_changes (" + COLUMNS
            + ") KEY (patient_id, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String FAILURE = "UPDATE contact_changes SET failed_attempts = failed_attempts + 1"
            + " WHERE patient_id = ? AND id = ?";

    private final JdbcTransaction tx;

    JdbcContactChanges(JdbcTransaction tx) {
        this.tx = tx;
    }

    @Override
    public void put(ContactChange change) {
        Objects.requireNonNull(change, "change");
        if (change.failedAttempts() != 0 || !change.isPending()) {
            throw new IllegalArgumentException("a new request has no failed attempt and is pending");
        }
        Sql.Binder values = p -> p.uuid(change.patientId().value()).text(change.kind()).uuid(change.id().value())
                .text(change.newAddress()).text(change.codeHash()).instant(change.requestedAt())
                .instant(change.expiresAt()).integer(0).instant(null);
        if (tx.postgres()) {
            tx.update("request a contact change", PG_PUT, values);
            return;
        }
        try {
            tx.update("request a contact change", H2_PUT, values);
        } catch (DuplicateKeyException e) {
            // H2: a concurrent MERGE inserted the row first; it is committed now, so this one updates it
            tx.update("request a contact change", H2_PUT, values);
        }
    }

    @Override
    public Optional<ContactChange> find(PatientId patientId, ContactKind kind) {
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(kind, "kind");
        return tx.queryOne("find contact change", "SELECT " + COLUMNS
                        + " FROM contact_changes WHERE patient_id = ? AND kind = ?",
                p -> p.uuid(patientId.value()).text(kind), JdbcContactChanges::map);
    }

    @Override
    public int recordFailedAttempt(PatientId patientId, ContactChangeId id) {
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(id, "id");
        if (tx.postgres()) {
            return tx.queryOne("record failed contact code", FAILURE + " RETURNING failed_attempts",
                    p -> p.uuid(patientId.value()).uuid(id.value()), row -> row.getInt(1)).orElse(-1);
        }
        // H2: the update locks the row until the end of the transaction, so the read sees this count.
        if (tx.update("record failed contact code", FAILURE, p -> p.uuid(patientId.value()).uuid(id.value())) == 0) {
            return -1;
        }
        return tx.queryOne("record failed contact code",
                "SELECT failed_attempts FROM contact_changes WHERE patient_id = ? AND id = ?",
                p -> p.uuid(patientId.value()).uuid(id.value()), row -> row.getInt(1)).orElse(-1);
    }

    @Override
    public boolean confirm(PatientId patientId, ContactChangeId id, Instant at) {
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        return tx.update("confirm contact change", "UPDATE contact_changes SET confirmed_at = ?"
                        + " WHERE patient_id = ? AND id = ? AND confirmed_at IS NULL",
                p -> p.instant(at).uuid(patientId.value()).uuid(id.value())) == 1;
    }

    private static ContactChange map(ResultSet row) throws SQLException {
        return new ContactChange(new ContactChangeId(Sql.uuid(row, "id")), new PatientId(Sql.uuid(row, "patient_id")),
                Sql.enumValue(row, "kind", ContactKind.class), row.getString("new_address"),
                row.getString("code_hash"), Sql.instant(row, "requested_at"), Sql.instant(row, "expires_at"),
                row.getInt("failed_attempts"), Sql.instant(row, "confirmed_at"));
    }
}
