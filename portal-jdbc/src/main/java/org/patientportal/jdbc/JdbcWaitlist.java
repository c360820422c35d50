package org.patientportal.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.patientportal.model.AppointmentId;
import org.patientportal.model.PatientId;
import org.patientportal.model.ProviderId;
import org.patientportal.model.VisitTypeId;
import org.patientportal.model.WaitlistEntry;
import org.patientportal.model.WaitlistEntryId;
import org.patientportal.model.WaitlistStatus;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.OptimisticLockException;
import org.patientportal.spi.storage.Waitlist;

/**
 * {@link Waitlist} on the {@code waitlist_entries} table. {@code waiting} reads
 * {@code waitlist_entries_waiting_idx} (visit type, provider, id), which on PostgreSQL holds WAITING
 * rows only: entries are served in id order, and time-ordered ids make that arrival order.
 */
final class JdbcWaitlist implements Waitlist {
    private static final String COLUMNS = "id, patient_id, appointment_id, visit_type_id, provider_id, created_at,"
            + " status, closed_at, version";
    private static final String INSERT = "INSERT INTO waitlist_entries (" + COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String UPDATE = "UPDATE waitlist_entries SET patient_id = ?, appointment_id = ?,"
            + " visit_type_id = ?, provider_id = ?, created_at = ?, status = ?, closed_at = ?, version = version + 1"
            + " WHERE id = ? AND version = ?";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM waitlist_entries";
    /**
     * A patient's WAITING entries for one appointment in id order, on PostgreSQL from
     * {@code waitlist_entries_appointment_waiting_idx} (V15): patient, appointment.
     */
    static final String WAITING_OF_PATIENT_FOR_APPOINTMENT = SELECT
            + " WHERE patient_id = ? AND appointment_id = ? AND status = 'WAITING' ORDER BY id";
    /**
     * PostgreSQL: the WAITING entries an appointment's slot could be offered to (its provider, any of
     * its visit types) in id order: appointment, limit, limit. Each visit type's first entries come
     * from {@code waitlist_entries_waiting_idx} in id order, at most limit of them, so the read and
     * the sort stay within limit rows per visit type however long the list is. That limit is a
     * subquery so that the planner does not see its value: seeing it larger than the few entries a
     * visit type has on average, it would read all of a busy one's entries and sort them.
     */
    static final String WAITING_FOR_SLOT_OF_APPOINTMENT = waitingForSlotOfAppointment(COLUMNS);
    /**
     * The appointments {@link #WAITING_FOR_SLOT_OF_APPOINTMENT}'s entries hold, in id order:
     * appointment, limit, limit.
     */
    static final String HELD_BY_WAITING = JdbcAppointments.SELECT + " WHERE id IN ("
            + waitingForSlotOfAppointment("appointment_id") + ") ORDER BY id";
    /**
     * The accounts of {@link #WAITING_FOR_SLOT_OF_APPOINTMENT}'s patients, in id order: appointment,
     * limit, limit.
     */
    static final String ACCOUNTS_OF_WAITING = JdbcAccounts.SELECT + " WHERE patient_id IN ("
            + waitingForSlotOfAppointment("patient_id") + ") ORDER BY id";

    private static String waitingForSlotOfAppointment(String columns) {
        return "SELECT " + columns + " FROM (SELECT DISTINCT v.visit_type_id AS offered_type,"
                + " s.provider_id AS offered_by FROM slots s CROSS JOIN unnest(s.visit_type_ids) AS v(visit_type_id)"
                + " WHERE s.id = (SELECT a.slot_id FROM appointments a WHERE a.id = ?)) k"
                + " CROSS JOIN LATERAL (SELECT " + COLUMNS + " FROM waitlist_entries e"
                + " WHERE e.visit_type_id = k.offered_type AND e.provider_id = k.offered_by"
                + " AND e.status = 'WAITING' ORDER BY e.id LIMIT (SELECT CAST(? AS integer))) w ORDER BY id LIMIT ?";
    }

    private final JdbcTransaction tx;

    JdbcWaitlist(JdbcTransaction tx) {
        this.tx = tx;
    }

    @Override
    public void insert(WaitlistEntry entry) {
        Objects.requireNonNull(entry, "entry");
        if (entry.version() != 0) {
            throw new IllegalArgumentException("a new wait-list entry has version 0");
        }
        String sql = tx.postgres() ? INSERT + " ON CONFLICT DO NOTHING" : INSERT;
        int rows = tx.update("add waitlist entry", sql, p -> p.uuid(entry.id().value()).uuid(entry.patientId().value())
                .uuid(entry.appointmentId().value()).uuid(entry.visitTypeId().value()).uuid(entry.providerId().value())
                .instant(entry.createdAt()).text(entry.status()).instant(entry.closedAt()).bigint(0));
        if (rows == 0) {
            throw new DuplicateKeyException("Could not add waitlist entry: the id is taken");
        }
    }

    @Override
    public Optional<WaitlistEntry> find(WaitlistEntryId id) {
        Objects.requireNonNull(id, "id");
        return tx.queryOne("find waitlist entry", SELECT + " WHERE id = ?", p -> p.uuid(id.value()),
                JdbcWaitlist::map);
    }

    @Override
    public WaitlistEntry update(WaitlistEntry entry) {
        Objects.requireNonNull(entry, "entry");
        return tx.updateReturning("change waitlist entry", UPDATE, COLUMNS, p -> p.uuid(entry.patientId().value())
                        .uuid(entry.appointmentId().value()).uuid(entry.visitTypeId().value())
                        .uuid(entry.providerId().value()).instant(entry.createdAt()).text(entry.status())
                        .instant(entry.closedAt()).uuid(entry.id().value()).bigint(entry.version()),
                JdbcWaitlist::map, () -> find(entry.id()))
                .orElseThrow(() -> new OptimisticLockException(
                        "Could not change waitlist entry: stale version or no such entry"));
    }

    @Override
    public List<WaitlistEntry> waiting(VisitTypeId visitType, ProviderId provider, WaitlistEntryId after, int limit) {
        Objects.requireNonNull(visitType, "visitType");
        Objects.requireNonNull(provider, "provider");
        return tx.pageById("list waiting waitlist entries", SELECT
                        + " WHERE visit_type_id = ? AND provider_id = ? AND status = 'WAITING'",
                p -> p.uuid(visitType.value()).uuid(provider.value()), after == null ? null : after.value(), limit,
                JdbcWaitlist::map);
    }

    @Override
    public List<WaitlistEntry> forPatient(PatientId patient, WaitlistEntryId after, int limit) {
        Objects.requireNonNull(patient, "patient");
        return tx.pageById("list waitlist entries of a patient", SELECT + " WHERE patient_id = ?",
                p -> p.uuid(patient.value()), after == null ? null : after.value(), limit, JdbcWaitlist::map);
    }

    static WaitlistEntry map(ResultSet row) throws SQLException {
        return new WaitlistEntry(new WaitlistEntryId(Sql.uuid(row, "id")), new PatientId(Sql.uuid(row, "patient_id")),
                new AppointmentId(Sql.uuid(row, "appointment_id")), new VisitTypeId(Sql.uuid(row, "visit_type_id")),
                new ProviderId(Sql.uuid(row, "provider_id")), Sql.instant(row, "created_at"),
                Sql.enumValue(row, "status", WaitlistStatus.class), Sql.instant(row, "closed_at"),
                row.getLong("version"));
    }
}
