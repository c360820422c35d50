package org.patientportal.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The baseline of issue 8: a booking as a careful application would hand-write it in JDBC, on its
 * own tables in schema {@code handwritten}, in four statements and a commit (five round trips):
 * <ol>
 *   <li>{@code UPDATE slots ... WHERE id = ? AND status = 'OPEN' RETURNING ...} (the conditional
 *       write that makes a slot booked at most once),</li>
 *   <li>{@code INSERT} the appointment,</li>
 *   <li>{@code INSERT} one outbox row (the confirmation),</li>
 *   <li>{@code INSERT} one audit row (no hash chain),</li>
 *   <li>{@code COMMIT}.</li>
 * </ol>
 * The tables are shaped like the SDK's, with the indexes such an application needs to search open
 * slots, list a patient's appointments, dispatch the outbox and read a patient's audit trail; no
 * foreign keys, no exclusion constraint, no idempotency record, no reminders.
 */
final class HandWrittenBooking {
    private static final String UPDATE_SLOT = "UPDATE handwritten.slots SET status = 'BOOKED', appointment_id = ?,"
            + " version = version + 1 WHERE id = ? AND status = 'OPEN' RETURNING provider_id, department_id, start_at, end_at";
    private static final String INSERT_APPOINTMENT = "INSERT INTO handwritten.appointments (id, patient_id, slot_id,"
            + " provider_id, department_id, visit_type_id, start_at, end_at, status, booked_at, booked_by, version)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'BOOKED', ?, ?, 0)";
    private static final String INSERT_OUTBOX = "INSERT INTO handwritten.outbox (id, kind, patient_id, payload, created_at,"
            + " deliver_after, status, attempts, next_attempt_at, version) VALUES (?, 'appointment-confirmed', ?, ?, ?, ?,"
            + " 'PENDING', 0, ?, 0)";
    private static final String INSERT_AUDIT = "INSERT INTO handwritten.audit_events (id, occurred_at, patient_id,"
            + " actor_kind, actor_id, action, category, record_id, outcome) VALUES (?, ?, ?, 'PATIENT', ?, 'CREATE',"
            + " 'appointment', ?, 'SUCCESS')";

    private final DataSource pool;
    private final UUID department = UUID.randomUUID();
    private final UUID visitType = UUID.randomUUID();
    private final List<UUID> providers = new ArrayList<>();
    private final List<UUID> patients = new ArrayList<>();
    private LocalDate nextDay = LocalDate.now(ZoneOffset.UTC).plusDays(SdkBooking.FIRST_DAY_OFFSET);

    private HandWrittenBooking(DataSource pool, int lanes) {
        this.pool = pool;
        for (int i = 0; i < lanes; i++) {
            providers.add(UUID.randomUUID());
            patients.add(UUID.randomUUID());
        }
    }

    /** (Re)creates schema {@code handwritten} through {@code setup} and books through {@code pool}. */
    static HandWrittenBooking create(DataSource setup, DataSource pool, int lanes) throws SQLException {
        try (Connection c = setup.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS handwritten CASCADE");
            s.execute("CREATE SCHEMA handwritten");
            s.execute("CREATE TABLE handwritten.slots (id uuid PRIMARY KEY, provider_id uuid NOT NULL,"
                    + " department_id uuid NOT NULL, start_at timestamptz NOT NULL, end_at timestamptz NOT NULL,"
                    + " status text NOT NULL, appointment_id uuid, version bigint NOT NULL)");
            s.execute("CREATE INDEX ON handwritten.slots (start_at, id) WHERE status = 'OPEN'");
            s.execute("CREATE INDEX ON handwritten.slots (provider_id, start_at)");
            s.execute("CREATE TABLE handwritten.appointments (id uuid PRIMARY KEY, patient_id uuid NOT NULL,"
                    + " slot_id uuid NOT NULL, provider_id uuid NOT NULL, department_id uuid NOT NULL,"
                    + " visit_type_id uuid NOT NULL, start_at timestamptz NOT NULL, end_at timestamptz NOT NULL,"
                    + " status text NOT NULL, booked_at timestamptz NOT NULL, booked_by text NOT NULL,"
                    + " version bigint NOT NULL)");
            s.execute("CREATE INDEX ON handwritten.appointments (patient_id, start_at)");
            s.execute("CREATE TABLE handwritten.outbox (id uuid PRIMARY KEY, kind text NOT NULL, patient_id uuid,"
                    + " payload text NOT NULL, created_at timestamptz NOT NULL, deliver_after timestamptz NOT NULL,"
                    + " status text NOT NULL, attempts integer NOT NULL, next_attempt_at timestamptz NOT NULL,"
                    + " version bigint NOT NULL)");
            s.execute("CREATE INDEX ON handwritten.outbox (status, next_attempt_at, id)");
            s.execute("CREATE TABLE handwritten.audit_events (id uuid PRIMARY KEY, occurred_at timestamptz NOT NULL,"
                    + " patient_id uuid, actor_kind text NOT NULL, actor_id text NOT NULL, action text NOT NULL,"
                    + " category text NOT NULL, record_id text, outcome text NOT NULL)");
            s.execute("CREATE INDEX ON handwritten.audit_events (patient_id, occurred_at)");
        }
        return new HandWrittenBooking(pool, lanes);
    }

    /** Opens the next day of 5-minute slots for every provider (as the SDK side does), in one statement. */
    List<List<UUID>> openNextDay(DataSource setup) throws SQLException {
        OffsetDateTime first = nextDay.atStartOfDay().atOffset(ZoneOffset.UTC);
        nextDay = nextDay.plusDays(1);
        Map<UUID, Integer> laneOf = new HashMap<>();
        for (int i = 0; i < providers.size(); i++) {
            laneOf.put(providers.get(i), i);
        }
        List<List<UUID>> lanes = new ArrayList<>();
        providers.forEach(p -> lanes.add(new ArrayList<>()));
        try (Connection c = setup.getConnection();
             PreparedStatement insert = c.prepareStatement("WITH opened AS (INSERT INTO handwritten.slots"
                     + " (id, provider_id, department_id, start_at, end_at, status, version) SELECT gen_random_uuid(),"
                     + " p, ?, s, s + interval '5 minutes', 'OPEN', 0 FROM unnest(?::uuid[]) AS p,"
                     + " generate_series(?::timestamptz, ?::timestamptz, interval '5 minutes') AS s"
                     + " RETURNING id, provider_id, start_at) SELECT id, provider_id FROM opened ORDER BY start_at")) {
            insert.setObject(1, department);
            insert.setArray(2, c.createArrayOf("uuid", providers.toArray()));
            insert.setObject(3, first);
            insert.setObject(4, first.plusHours(23).plusMinutes(50));
            try (ResultSet rows = insert.executeQuery()) {
                while (rows.next()) {
                    lanes.get(laneOf.get(rows.getObject(2, UUID.class))).add(rows.getObject(1, UUID.class));
                }
            }
        }
        return lanes;
    }

    /** The patient of {@code lane} books {@code slot}: five round trips. */
    void book(int lane, UUID slot) throws SQLException {
        UUID patient = patients.get(lane);
        UUID appointment = UUID.randomUUID();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                UUID provider;
                UUID department;
                OffsetDateTime start;
                OffsetDateTime end;
                try (PreparedStatement update = c.prepareStatement(UPDATE_SLOT)) {
                    update.setObject(1, appointment);
                    update.setObject(2, slot);
                    try (ResultSet row = update.executeQuery()) {
                        if (!row.next()) {
                            throw new IllegalStateException("slot taken");
                        }
                        provider = row.getObject(1, UUID.class);
                        department = row.getObject(2, UUID.class);
                        start = row.getObject(3, OffsetDateTime.class);
                        end = row.getObject(4, OffsetDateTime.class);
                    }
                }
                try (PreparedStatement insert = c.prepareStatement(INSERT_APPOINTMENT)) {
                    insert.setObject(1, appointment);
                    insert.setObject(2, patient);
                    insert.setObject(3, slot);
                    insert.setObject(4, provider);
                    insert.setObject(5, department);
                    insert.setObject(6, visitType);
                    insert.setObject(7, start);
                    insert.setObject(8, end);
                    insert.setObject(9, now);
                    insert.setString(10, "patient:" + patient);
                    insert.executeUpdate();
                }
                try (PreparedStatement insert = c.prepareStatement(INSERT_OUTBOX)) {
                    insert.setObject(1, UUID.randomUUID());
                    insert.setObject(2, patient);
                    insert.setString(3, "{\"appointmentId\":\"" + appointment + "\"}");
                    insert.setObject(4, now);
                    insert.setObject(5, now);
                    insert.setObject(6, now);
                    insert.executeUpdate();
                }
                try (PreparedStatement insert = c.prepareStatement(INSERT_AUDIT)) {
                    insert.setObject(1, UUID.randomUUID());
                    insert.setObject(2, now);
                    insert.setObject(3, patient);
                    insert.setString(4, patient.toString());
                    insert.setString(5, appointment.toString());
                    insert.executeUpdate();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }
}
