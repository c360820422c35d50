package org.patientportal.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.patientportal.model.Appointment;
import org.patientportal.model.AppointmentId;
import org.patientportal.model.AppointmentStatus;
import org.patientportal.model.DepartmentId;
import org.patientportal.model.PatientId;
import org.patientportal.model.ProviderId;
import org.patientportal.model.SlotId;
import org.patientportal.model.StartCursor;
import org.patientportal.model.VisitTypeId;
import org.patientportal.spi.storage.Appointments;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.SlotBooking;
import org.patientportal.spi.storage.OptimisticLockException;

/**
 * {@link Appointments} on the {@code appointments} table.
 *
 * <p>{@code insertIfNoOverlap}, atomic per patient across nodes: writers of one patient's
 * appointments queue on a lock of that patient held to the end of their transaction, then check
 * for an overlap and insert. Every statement after the lock sees what the previous holder
 * committed (READ COMMITTED, which {@link JdbcStorage} sets).
 * <ul>
 *   <li>PostgreSQL: one round trip of two statements: {@code SELECT pg_advisory_xact_lock(k1, k2)}
 *       (keys {@link #PATIENT_LOCK_CLASS} and a hash of the patient id: a transaction-level lock,
 *       no row written), then an {@code INSERT ... SELECT ... WHERE NOT EXISTS (an overlapping
 *       BOOKED appointment) ON CONFLICT DO NOTHING}, which {@code appointments_booked_end_idx}
 *       answers by reading the patient's BOOKED appointments that end after the new one starts. A
 *       refused insert neither fails nor aborts the transaction; only when nothing was inserted
 *       does a further statement tell a taken id from an overlap. Until V16 an exclusion
 *       constraint (GiST) arbitrated instead; it cost about a tenth of a booking's database CPU.</li>
 *   <li>H2: the patient's row is locked ({@code SELECT ... FOR UPDATE}); then the overlap is
 *       checked and the row inserted.</li>
 * </ul>
 * {@link #update} writes only the closing columns ({@code status}, {@code closed_at},
 * {@code closed_by}, {@code close_reason}) and refuses a status of BOOKED, so it never makes a row
 * BOOKED nor moves one: it cannot create an overlap on either database. So every write that can
 * make an overlap goes through the lock.
 *
 * <p>{@code upcoming} and {@code past} are keyset pages on {@code appointments_patient_start_idx}
 * (patient_id, start_at, id), read forwards and backwards.
 */
final class JdbcAppointments implements Appointments {
    private static final String COLUMNS = "id, patient_id, slot_id, provider_id, department_id, visit_type_id,"
            + " start_at, end_at, status, booked_at, booked_by, closed_at, closed_by, close_reason, version";
    private static final String INSERT = "INSERT INTO appointments (" + COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /**
     * The first key of the PostgreSQL advisory lock on a patient's appointments (the second is a
     * hash of the patient id); two-key advisory locks of other applications on the database do not
     * meet it unless they use this first key.
     */
    private static final int PATIENT_LOCK_CLASS = 0x5050_4131;
    /** PostgreSQL: the lock on a patient's appointments, to the end of the transaction. */
    private static final String LOCK_PATIENT = "SELECT pg_advisory_xact_lock(?, ?)";
    /** PostgreSQL: the patient has no BOOKED appointment overlapping [start, end) (patient, start, end). */
    private static final String OVERLAP = "EXISTS (SELECT 1 FROM appointments WHERE patient_id = ?"
            + " AND status = 'BOOKED' AND end_at > ? AND start_at < ?)";
    private static final String NO_OVERLAP = "NOT " + OVERLAP;
    private static final String INSERT_SELECT = "INSERT INTO appointments (" + COLUMNS + ")"
            + " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE ";
    /** PostgreSQL, under {@link #LOCK_PATIENT}: {@link #INSERT}, skipping an overlap or a taken id. */
    private static final String INSERT_IF_FREE = LOCK_PATIENT + ";\n" + INSERT_SELECT + NO_OVERLAP
            + " ON CONFLICT DO NOTHING";
    /** PostgreSQL, under {@link #LOCK_PATIENT}: {@link #INSERT_IF_FREE}, where the slot is booked for the appointment. */
    private static final String INSERT_IF_BOOKED = INSERT_SELECT + "EXISTS (SELECT 1 FROM slots"
            + " WHERE id = ? AND appointment_id = ?) AND " + NO_OVERLAP + " ON CONFLICT DO NOTHING";
    /**
     * PostgreSQL, under {@link #LOCK_PATIENT} ({@link #bookSlotBehind}): {@link JdbcSlots#BOOK} and the
     * appointment's insert in one statement that refuses on the server (V19's
     * {@code portal_refuse_booking}: SQLState {@value Errors#SLOT_TAKEN} for a slot that is not open,
     * {@value Errors#OVERLAPPING} for an overlap, checked in that order) and so aborts the transaction
     * wherever {@link #bookSlot} would answer other than BOOKED. No {@code ON CONFLICT}: a taken id
     * fails as a duplicate.
     */
    private static final String BOOK_OR_REFUSE = "WITH s AS (" + JdbcSlots.BOOK + " RETURNING id) "
            + INSERT_SELECT + "CASE WHEN NOT EXISTS (SELECT 1 FROM s) THEN portal_refuse_booking('"
            + Errors.SLOT_TAKEN + "') WHEN " + OVERLAP + " THEN portal_refuse_booking('" + Errors.OVERLAPPING
            + "') ELSE true END";
    /** Only the closing columns: the patient, slot, times and booking columns never change. */
    private static final String UPDATE = "UPDATE appointments SET status = ?, closed_at = ?, closed_by = ?,"
            + " close_reason = ?, version = version + 1 WHERE id = ? AND version = ?";
    /** Every column of the appointments. */
    static final String SELECT = "SELECT " + COLUMNS + " FROM appointments";
    /** One appointment by id. */
    static final String FIND = SELECT + " WHERE id = ?";

    private final JdbcTransaction tx;

    JdbcAppointments(JdbcTransaction tx) {
        this.tx = tx;
    }

    @Override
    public boolean insertIfNoOverlap(Appointment appointment) {
        Sql.Binder values = values(appointment);
        if (tx.postgres()) {
            if (tx.updates("book appointment", 1, INSERT_IF_FREE, 1, p -> {
                lockPatient(p, appointment);
                values.bind(p);
                noOverlap(p, appointment);
            })[0] == 1) {
                return true;
            }
            requireNewId(appointment.id());
            return false;
        }
        // H2: queue on the patient's row, then check and insert under that lock.
        tx.query("book appointment", "SELECT id FROM patients WHERE id = ? FOR UPDATE",
                p -> p.uuid(appointment.patientId().value()), row -> Sql.uuid(row, "id"));
        if (!tx.query("book appointment",
                "SELECT id FROM appointments WHERE patient_id = ? AND status = 'BOOKED' AND start_at < ?"
                        + " AND end_at > ? LIMIT 1",
                p -> p.uuid(appointment.patientId().value()).instant(appointment.end()).instant(appointment.start()),
                row -> Sql.uuid(row, "id")).isEmpty()) {
            requireNewId(appointment.id());
            return false;
        }
        tx.update("book appointment", INSERT, values);
        return true;
    }

    /** The columns of a new appointment, checked to be BOOKED with version 0. */
    private static Sql.Binder values(Appointment appointment) {
        Objects.requireNonNull(appointment, "appointment");
        if (appointment.status() != AppointmentStatus.BOOKED || appointment.version() != 0) {
            throw new IllegalArgumentException("a new appointment is BOOKED with version 0");
        }
        return p -> p.uuid(appointment.id().value()).uuid(appointment.patientId().value())
                .uuid(appointment.slotId().value()).uuid(appointment.providerId().value())
                .uuid(appointment.departmentId().value()).uuid(appointment.visitTypeId().value())
                .instant(appointment.start()).instant(appointment.end()).text(appointment.status())
                .instant(appointment.bookedAt()).text(appointment.bookedBy()).instant(appointment.closedAt())
                .text(appointment.closedBy()).text(appointment.closeReason()).bigint(0);
    }

    /** Binds {@link #LOCK_PATIENT}'s keys for the appointment's patient. */
    private static void lockPatient(Sql.Params p, Appointment appointment) throws SQLException {
        UUID patient = appointment.patientId().value();
        p.integer(PATIENT_LOCK_CLASS)
                .integer(Long.hashCode(patient.getMostSignificantBits() ^ patient.getLeastSignificantBits()));
    }

    /** Binds {@link #NO_OVERLAP}'s parameters for the appointment. */
    private static void noOverlap(Sql.Params p, Appointment appointment) throws SQLException {
        p.uuid(appointment.patientId().value()).instant(appointment.start()).instant(appointment.end());
    }

    /**
     * PostgreSQL, {@link JdbcTransaction#bookSlot}: the patient's lock, the slot's conditional
     * booking, then the insert, which adds the row only where the slot is now booked for it (and, as
     * {@link #insertIfNoOverlap}, skips an overlap), in one round trip.
     */
    SlotBooking bookSlot(Appointment appointment) {
        Sql.Binder values = values(appointment);
        int[] counts = tx.updates("book appointment", 1,
                LOCK_PATIENT + ";\n" + JdbcSlots.BOOK + ";\n" + INSERT_IF_BOOKED, 2, p -> {
                    lockPatient(p, appointment);
                    p.uuid(appointment.id().value()).uuid(appointment.slotId().value());
                    values.bind(p);
                    p.uuid(appointment.slotId().value()).uuid(appointment.id().value());
                    noOverlap(p, appointment);
                });
        if (counts[0] == 0) {
            return SlotBooking.SLOT_TAKEN;
        }
        if (counts[1] == 1) {
            return SlotBooking.BOOKED;
        }
        requireNewId(appointment.id());
        return SlotBooking.OVERLAPPING;
    }

    /**
     * PostgreSQL, {@link JdbcTransaction#bookSlotBehind}: the patient's lock and
     * {@link #BOOK_OR_REFUSE}, written behind; a refusal aborts the statement or commit that sends
     * them ({@link Errors#translate}: a {@link org.patientportal.spi.storage.SlotBookingRefusedException}).
     */
    void bookSlotBehind(Appointment appointment) {
        Sql.Binder values = values(appointment);
        tx.deferQuery("book appointment", LOCK_PATIENT, p -> lockPatient(p, appointment));
        tx.defer("book appointment", BOOK_OR_REFUSE, p -> {
            p.uuid(appointment.id().value()).uuid(appointment.slotId().value());
            values.bind(p);
            noOverlap(p, appointment);
        }, null);
    }

    private void requireNewId(AppointmentId id) {
        if (find(id).isPresent()) {
            throw new DuplicateKeyException("Could not book appointment: the id is taken");
        }
    }

    @Override
    public Optional<Appointment> find(AppointmentId id) {
        Objects.requireNonNull(id, "id");
        return tx.queryOne("find appointment", FIND, p -> p.uuid(id.value()),
                JdbcAppointments::map);
    }

    @Override
    public Appointment update(Appointment appointment) {
        Objects.requireNonNull(appointment, "appointment");
        if (appointment.status() == AppointmentStatus.BOOKED) {
            throw new IllegalArgumentException("update never sets BOOKED; a booking goes through insertIfNoOverlap");
        }
        return tx.updateReturning("change appointment", UPDATE, COLUMNS, p -> p.text(appointment.status())
                        .instant(appointment.closedAt()).text(appointment.closedBy()).text(appointment.closeReason())
                        .uuid(appointment.id().value()).bigint(appointment.version()),
                JdbcAppointments::map, () -> find(appointment.id()))
                .orElseThrow(() -> new OptimisticLockException(
                        "Could not change appointment: stale version or no such appointment"));
    }

    @Override
    public void updateBehind(Appointment appointment) {
        Objects.requireNonNull(appointment, "appointment");
        if (appointment.status() == AppointmentStatus.BOOKED) {
            throw new IllegalArgumentException("update never sets BOOKED; a booking goes through insertIfNoOverlap");
        }
        tx.deferChecked("change appointment", UPDATE, p -> p.text(appointment.status()).instant(appointment.closedAt())
                        .text(appointment.closedBy()).text(appointment.closeReason()).uuid(appointment.id().value())
                        .bigint(appointment.version()),
                () -> new OptimisticLockException("Could not change appointment: stale version or no such appointment"));
    }

    @Override
    public List<Appointment> upcoming(PatientId patient, Instant from, StartCursor after, int limit) {
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(from, "from");
        Sql.pageLimit(limit);
        // Ascending from the later of from and the cursor's start.
        Instant lower = after != null && after.start().isAfter(from) ? after.start() : from;
        String keyset = after == null ? ""
                : tx.postgres() ? " AND (start_at, id) > (?, ?)" : " AND (start_at > ? OR start_at = ? AND id > ?)";
        return tx.query("list upcoming appointments", SELECT + " WHERE patient_id = ? AND start_at >= ?" + keyset
                + " ORDER BY start_at, id" + Sql.limit(limit), p -> {
                    p.uuid(patient.value()).instant(lower);
                    bindCursor(p, after);
                }, JdbcAppointments::map);
    }

    @Override
    public List<Appointment> past(PatientId patient, Instant before, StartCursor after, int limit) {
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(before, "before");
        Sql.pageLimit(limit);
        String keyset = after == null ? ""
                : tx.postgres() ? " AND (start_at, id) < (?, ?)"
                : " AND start_at <= ? AND (start_at < ? OR start_at = ? AND id < ?)";
        return tx.query("list past appointments", SELECT + " WHERE patient_id = ? AND start_at < ?" + keyset
                + " ORDER BY start_at DESC, id DESC" + Sql.limit(limit), p -> {
                    p.uuid(patient.value()).instant(before);
                    if (after != null && !tx.postgres()) {
                        p.instant(after.start()); // an upper bound H2 can seek to
                    }
                    bindCursor(p, after);
                }, JdbcAppointments::map);
    }

    private void bindCursor(Sql.Params p, StartCursor after) throws SQLException {
        if (after == null) {
            return;
        }
        p.instant(after.start());
        if (!tx.postgres()) {
            p.instant(after.start());
        }
        p.uuid(after.id());
    }

    static Appointment map(ResultSet row) throws SQLException {
        return new Appointment(new AppointmentId(Sql.uuid(row, "id")), new PatientId(Sql.uuid(row, "patient_id")),
                new SlotId(Sql.uuid(row, "slot_id")), new ProviderId(Sql.uuid(row, "provider_id")),
                new DepartmentId(Sql.uuid(row, "department_id")), new VisitTypeId(Sql.uuid(row, "visit_type_id")),
                Sql.instant(row, "start_at"), Sql.instant(row, "end_at"),
                Sql.enumValue(row, "status", AppointmentStatus.class), Sql.instant(row, "booked_at"),
                row.getString("booked_by"), Sql.instant(row, "closed_at"), row.getString("closed_by"),
                row.getString("close_reason"), row.getLong("version"));
    }
}
