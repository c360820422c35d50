package org.patientportal.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.patientportal.model.PatientId;
import org.patientportal.model.PharmacyId;
import org.patientportal.model.PrescriptionId;
import org.patientportal.model.RefillRequest;
import org.patientportal.model.RefillRequestId;
import org.patientportal.model.RefillStatus;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.RefillRequests;

/**
 * {@link RefillRequests} on the {@code refill_requests} table. "One open request per prescription"
 * is {@code refill_requests_one_open_idx}: a partial unique index on PostgreSQL, which
 * {@code INSERT ... ON CONFLICT DO NOTHING} consults without aborting the transaction; on H2 a
 * unique index over a generated column (the prescription while open, NULL once closed), whose
 * violation H2 undoes alone. A close is one conditional UPDATE ({@code status = 'REQUESTED'}).
 */
final class JdbcRefillRequests implements RefillRequests {
    private static final String COLUMNS = "id, patient_id, prescription_id, pharmacy_id, status, requested_at,"
            + " requested_by, decided_at, decided_by, reason";
    private static final String INSERT = "INSERT INTO refill_requests (" + COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM refill_requests";

    private final JdbcTransaction tx;

    JdbcRefillRequests(JdbcTransaction tx) {
        this.tx = tx;
    }

    @Override
    public boolean insertIfNoneOpen(RefillRequest r) {
        Objects.requireNonNull(r, "request");
        if (r.status() != RefillStatus.REQUESTED) {
            throw new IllegalArgumentException("a new refill request is REQUESTED");
        }
        Sql.Binder binder = p -> p.uuid(r.id().value()).uuid(r.patientId().value()).uuid(r.prescriptionId().value())
                .uuid(r.pharmacyId() == null ? null : r.pharmacyId().value()).text(r.status())
                .instant(r.requestedAt()).text(r.requestedBy()).instant(r.decidedAt()).text(r.decidedBy())
                .text(r.reason());
        int rows;
        if (tx.postgres()) {
            rows = tx.update("add refill request", INSERT + " ON CONFLICT DO NOTHING", binder);
        } else {
            try {
                rows = tx.update("add refill request", INSERT, binder);
            } catch (DuplicateKeyException e) {
                rows = 0;
            }
        }
        if (rows == 0 && find(r.id()).isPresent()) {
            throw new DuplicateKeyException("Could not add refill request: the id is taken");
        }
        return rows == 1;
    }

    @Override
    public Optional<RefillRequest> find(RefillRequestId id) {
        Objects.requireNonNull(id, "id");
        return tx.queryOne("find refill request", SELECT + " WHERE id = ?", p -> p.uuid(id.value()),
                JdbcRefillRequests::map);
    }

    @Override
    public Optional<RefillRequest> findOpen(PrescriptionId prescription) {
        Objects.requireNonNull(prescription, "prescription");
        String where = tx.postgres() ? " WHERE prescription_id = ? AND status = 'REQUESTED'"
                : " WHERE open_prescription_id = ?";
        return tx.queryOne("find open refill request", SELECT + where, p -> p.uuid(prescription.value()),
                JdbcRefillRequests::map);
    }

    @Override
    public Optional<RefillRequest> close(RefillRequestId id, RefillStatus status, Instant at, String by,
                                         String reason) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(at, "at");
        if (status == RefillStatus.REQUESTED) {
            throw new IllegalArgumentException("close moves a request out of REQUESTED");
        }
        return tx.updateReturning("close refill request", "UPDATE refill_requests SET status = ?, decided_at = ?,"
                        + " decided_by = ?, reason = ? WHERE id = ? AND status = 'REQUESTED'", COLUMNS,
                p -> p.text(status).instant(at).text(by).text(reason).uuid(id.value()), JdbcRefillRequests::map,
                () -> find(id));
    }

    @Override
    public List<RefillRequest> open(RefillRequestId after, int limit) {
        return tx.pageById("list open refill requests", SELECT + " WHERE status = 'REQUESTED'", p -> { },
                after == null ? null : after.value(), limit, JdbcRefillRequests::map);
    }

    @Override
    public List<RefillRequest> forPatient(PatientId patient, RefillRequestId after, int limit) {
        Objects.requireNonNull(patient, "patient");
        return tx.pageById("list refill requests of a patient", SELECT + " WHERE patient_id = ?",
                p -> p.uuid(patient.value()), after == null ? null : after.value(), limit, JdbcRefillRequests::map);
    }

    private static RefillRequest map(ResultSet row) throws SQLException {
        UUID pharmacy = Sql.uuid(row, "pharmacy_id");
        return new RefillRequest(new RefillRequestId(Sql.uuid(row, "id")), new PatientId(Sql.uuid(row, "patient_id")),
                new PrescriptionId(Sql.uuid(row, "prescription_id")), pharmacy == null ? null : new PharmacyId(pharmacy),
                Sql.enumValue(row, "status", RefillStatus.class), Sql.instant(row, "requested_at"),
                row.getString("requested_by"), Sql.instant(row, "decided_at"), row.getString("decided_by"),
                row.getString("reason"));
    }
}
