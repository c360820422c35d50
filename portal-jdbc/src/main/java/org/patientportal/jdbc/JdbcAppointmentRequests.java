package org.patientportal.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.patientportal.model.AppointmentId;
import org.patientportal.model.AppointmentRequest;
import org.patientportal.model.AppointmentRequestId;
import org.patientportal.model.DepartmentId;
import org.patientportal.model.PatientId;
import org.patientportal.model.ProviderId;
import org.patientportal.model.RequestStatus;
import org.patientportal.model.VisitTypeId;
import org.patientportal.spi.storage.AppointmentRequests;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.OptimisticLockException;

/**
 * {@link AppointmentRequests} on the {@code appointment_requests} table. The staff queue
 * ({@code open}) reads {@code appointment_requests_open_idx}, which on PostgreSQL holds OPEN rows
 * only.
 */
final class JdbcAppointmentRequests implements AppointmentRequests {
    private static final String COLUMNS = "id, patient_id, visit_type_id, provider_id, department_id, earliest, latest,"
            + " status, created_at, decided_at, decided_by, appointment_id, decline_reason, version";
    private static final String INSERT = "INSERT INTO appointment_requests (" + COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String UPDATE = "UPDATE appointment_requests SET patient_id = ?, visit_type_id = ?,"
            + " provider_id = ?, department_id = ?, earliest = ?, latest = ?, status = ?, created_at = ?,"
            + " decided_at = ?, decided_by = ?, appointment_id = ?, decline_reason = ?, version = version + 1"
            + " WHERE id = ? AND version = ?";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM appointment_requests";

    private final JdbcTransaction tx;

    JdbcAppointmentRequests(JdbcTransaction tx) {
        this.tx = tx;
    }

    @Override
    public void insert(AppointmentRequest request) {
        Objects.requireNonNull(request, "request");
        if (request.version() != 0) {
            throw new IllegalArgumentException("a new request has version 0");
        }
        String sql = tx.postgres() ? INSERT + " ON CONFLICT DO NOTHING" : INSERT;
        int rows = tx.update("add appointment request", sql, p -> p.uuid(request.id().value())
                .uuid(request.patientId().value()).uuid(request.visitTypeId().value()).uuid(uuid(request.providerId()))
                .uuid(uuid(request.departmentId())).instant(request.earliest()).instant(request.latest())
                .text(request.status()).instant(request.createdAt()).instant(request.decidedAt())
                .text(request.decidedBy()).uuid(uuid(request.appointmentId())).text(request.declineReason())
                .bigint(0));
        if (rows == 0) {
            throw new DuplicateKeyException("Could not add appointment request: the id is taken");
        }
    }

    @Override
    public Optional<AppointmentRequest> find(AppointmentRequestId id) {
        Objects.requireNonNull(id, "id");
        return tx.queryOne("find appointment request", SELECT + " WHERE id = ?", p -> p.uuid(id.value()),
                JdbcAppointmentRequests::map);
    }

    @Override
    public AppointmentRequest update(AppointmentRequest request) {
        Objects.requireNonNull(request, "request");
        return tx.updateReturning("change appointment request", UPDATE, COLUMNS, p -> p.uuid(request.patientId().value())
                        .uuid(request.visitTypeId().value()).uuid(uuid(request.providerId()))
                        .uuid(uuid(request.departmentId())).instant(request.earliest()).instant(request.latest())
                        .text(request.status()).instant(request.createdAt()).instant(request.decidedAt())
                        .text(request.decidedBy()).uuid(uuid(request.appointmentId())).text(request.declineReason())
                        .uuid(request.id().value()).bigint(request.version()),
                JdbcAppointmentRequests::map, () -> find(request.id()))
                .orElseThrow(() -> new OptimisticLockException(
                        "Could not change appointment request: stale version or no such request"));
    }

    @Override
    public List<AppointmentRequest> open(AppointmentRequestId after, int limit) {
        return tx.pageById("list open appointment requests", SELECT + " WHERE status = 'OPEN'", p -> { },
                after == null ? null : after.value(), limit, JdbcAppointmentRequests::map);
    }

    @Override
    public List<AppointmentRequest> forPatient(PatientId patient, AppointmentRequestId after, int limit) {
        Objects.requireNonNull(patient, "patient");
        return tx.pageById("list appointment requests of a patient", SELECT + " WHERE patient_id = ?",
                p -> p.uuid(patient.value()), after == null ? null : after.value(), limit,
                JdbcAppointmentRequests::map);
    }

    private static UUID uuid(ProviderId id) {
        return id == null ? null : id.value();
    }

    private static UUID uuid(DepartmentId id) {
        return id == null ? null : id.value();
    }

    private static UUID uuid(AppointmentId id) {
        return id == null ? null : id.value();
    }

    private static AppointmentRequest map(ResultSet row) throws SQLException {
        UUID provider = Sql.uuid(row, "provider_id");
        UUID department = Sql.uuid(row, "department_id");
        UUID appointment = Sql.uuid(row, "appointment_id");
        return new AppointmentRequest(new AppointmentRequestId(Sql.uuid(row, "id")),
                new PatientId(Sql.uuid(row, "patient_id")), new VisitTypeId(Sql.uuid(row, "visit_type_id")),
                provider == null ? null : new ProviderId(provider), department == null ? null : new DepartmentId(department),
                Sql.instant(row, "earliest"), Sql.instant(row, "latest"),
                Sql.enumValue(row, "status", RequestStatus.class), Sql.instant(row, "created_at"),
                Sql.instant(row, "decided_at"), row.getString("decided_by"),
                appointment == null ? null : new AppointmentId(appointment), row.getString("decline_reason"),
                row.getLong("version"));
    }
}
