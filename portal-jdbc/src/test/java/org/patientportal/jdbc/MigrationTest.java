package org.patientportal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.patientportal.model.Account;
import org.patientportal.model.AuditChain;
import org.patientportal.model.Appointment;
import org.patientportal.model.Channel;
import org.patientportal.model.Department;
import org.patientportal.model.NotificationPreferences;
import org.patientportal.model.Patient;
import org.patientportal.model.PatientId;
import org.patientportal.model.Provider;
import org.patientportal.model.ProxyGrant;
import org.patientportal.model.ProxyGrantId;
import org.patientportal.model.ProxyRelationship;
import org.patientportal.model.ProxyScope;
import org.patientportal.model.Slot;
import org.patientportal.model.Uuids;
import org.patientportal.model.VisitType;
import org.patientportal.spi.storage.StorageException;

class MigrationTest {
    private static TestDatabases.TestDatabase database(String kind) {
        return switch (kind) {
            case "h2" -> TestDatabases.h2();
            case "h2-postgresql-mode" -> TestDatabases.h2(";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
            case "postgresql" -> TestDatabases.postgres();
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static Dialect dialect(String kind) {
        return kind.equals("postgresql") ? Dialect.POSTGRESQL : Dialect.H2;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "h2-postgresql-mode", "postgresql"})
    @DisplayName("create migrates an empty database once; a second create on it verifies and applies nothing")
    void idempotent(String kind) throws SQLException {
        try (TestDatabases.TestDatabase db = database(kind)) {
            DataSource ds = db.dataSource();
            JdbcStorage.create(ds).close();
            JdbcStorage storage = JdbcStorage.create(ds);
            List<String> history = query(ds,
                    "SELECT version, description, checksum FROM portal_schema_history ORDER BY version");
            List<Migrator.Migration> shipped = Migrator.load(dialect(kind), Migrator.SCRIPTS);
            assertThat(history).containsExactlyElementsOf(withChecksums(shipped, true));
            Patient patient = Fixtures.patient();
            storage.inTransaction(tx -> {
                tx.patients().insert(patient);
                return null;
            });
            java.util.Optional<Patient> found = storage.inTransaction(tx -> tx.patients().findByMrn(patient.mrn()));
            assertThat(found).contains(patient);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "h2-postgresql-mode", "postgresql"})
    @DisplayName("upgrade path: a database at V1 with data gets V2 and V3 applied after it, and its rows stay usable")
    void upgradeFromV1(String kind) throws SQLException {
        try (TestDatabases.TestDatabase db = database(kind)) {
            DataSource ds = db.dataSource();
            new Migrator(dialect(kind), Migrator.load(dialect(kind), Migrator.SCRIPTS.subList(0, 1))).migrate(ds);
            assertThat(query(ds, "SELECT version FROM portal_schema_history")).containsExactly("1");
            Patient patient = Fixtures.patient();
            Account account = Fixtures.account(patient.id());
            JdbcStorage v1 = JdbcStorage.builder(ds).migrate(false).build(); // a node of the previous release
            v1.inTransaction(tx -> {
                tx.patients().insert(patient);
                tx.accounts().insert(account);
                return null;
            });

            JdbcStorage storage = JdbcStorage.create(ds);
            List<Migrator.Migration> shipped = Migrator.load(dialect(kind), Migrator.SCRIPTS);
            assertThat(query(ds, "SELECT version, checksum FROM portal_schema_history ORDER BY applied_at, version"))
                    .containsExactlyElementsOf(withChecksums(shipped, false));
            Patient child = Fixtures.patient();
            ProxyGrant grant = new ProxyGrant(ProxyGrantId.newId(), account.id(), child.id(), ProxyRelationship.PARENT,
                    EnumSet.allOf(ProxyScope.class), Set.of(), Fixtures.T0, "staff-1", Fixtures.T0.plusSeconds(86_400),
                    null, null, 0);
            NotificationPreferences preferences = new NotificationPreferences(patient.id(),
                    Map.of("result-released", Set.of(Channel.EMAIL)), null, null, null, 0);
            storage.inTransaction(tx -> {
                tx.patients().insert(child);
                tx.proxyGrants().insert(grant);
                tx.preferences().save(preferences);
                return null;
            });
            storage.inTransaction(tx -> {
                assertThat(tx.patients().findByMobile(patient.mobile())).extracting(Patient::id)
                        .containsExactlyElementsOf(Stream.of(patient.id(), child.id())
                                .sorted(Comparator.comparing(PatientId::value, Uuids.UNSIGNED_ORDER)).toList());
                assertThat(tx.proxyGrants().findUnrevoked(account.id(), child.id())).containsExactly(grant);
                assertThat(tx.preferences().find(patient.id()).orElseThrow().version()).isEqualTo(1);
                return null;
            });
            JdbcStorage.create(ds).close(); // and the next start verifies every checksum
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "h2-postgresql-mode", "postgresql"})
    @DisplayName("upgrade path: a database at V2 with data gets V3 applied; its patients book, and a V2 node still starts")
    void upgradeFromV2(String kind) throws SQLException {
        try (TestDatabases.TestDatabase db = database(kind)) {
            DataSource ds = db.dataSource();
            new Migrator(dialect(kind), Migrator.load(dialect(kind), Migrator.SCRIPTS.subList(0, 2))).migrate(ds);
            Patient patient = Fixtures.patient();
            Account account = Fixtures.account(patient.id());
            JdbcStorage v2 = JdbcStorage.builder(ds).migrate(false).build(); // a node of the previous release
            v2.inTransaction(tx -> {
                tx.patients().insert(patient);
                tx.accounts().insert(account);
                return null;
            });
            // the row a V2 node writes (this release's adapter writes V9's column too)
            execute(ds, "INSERT INTO notification_preferences (patient_id, channels_by_kind, version) VALUES ('"
                    + patient.id() + "', '{}', 1)");

            JdbcStorage storage = JdbcStorage.create(ds);
            List<Migrator.Migration> shipped = Migrator.load(dialect(kind), Migrator.SCRIPTS);
            assertThat(query(ds, "SELECT version, checksum FROM portal_schema_history ORDER BY version"))
                    .containsExactlyElementsOf(withChecksums(shipped, false));
            Department department = Fixtures.department();
            Provider provider = Fixtures.provider();
            VisitType visitType = Fixtures.visitType();
            Slot slot = Fixtures.slot(provider, department, Fixtures.T0.plusSeconds(86_400), visitType.id());
            Appointment appointment = Fixtures.appointment(patient.id(), slot);
            boolean booked = storage.inTransaction(tx -> {
                Fixtures.insertClinic(tx, department, provider, visitType);
                tx.slots().insertAll(List.of(slot));
                return tx.slots().book(slot.id(), appointment.id()) && tx.appointments().insertIfNoOverlap(appointment);
            });
            assertThat(booked).isTrue();
            java.util.Optional<Appointment> stored = storage.inTransaction(tx -> tx.appointments().find(appointment.id()));
            assertThat(stored).contains(appointment);
            assertThat(storage.inTransaction(tx -> tx.preferences().find(patient.id())).orElseThrow()
                    .pushAddressSelfSet()).as("V9: a row saved before counts as not set by the patient").isFalse();
            java.util.Optional<Patient> old = v2.inTransaction(tx -> tx.patients().find(patient.id()));
            assertThat(old).contains(patient); // the old node works on the new schema
            JdbcStorage.create(ds).close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "h2-postgresql-mode", "postgresql"})
    @DisplayName("the V3 schema refuses what the model refuses: a booked slot without its appointment, no visit types, end before start, unknown statuses")
    void schedulingChecks(String kind) throws SQLException {
        try (TestDatabases.TestDatabase db = database(kind)) {
            DataSource ds = db.dataSource();
            JdbcStorage storage = JdbcStorage.create(ds);
            Department department = Fixtures.department();
            Provider provider = Fixtures.provider();
            VisitType visitType = Fixtures.visitType();
            storage.inTransaction(tx -> {
                Fixtures.insertClinic(tx, department, provider, visitType);
                return null;
            });
            String array = kind.equals("postgresql") ? "ARRAY['" + visitType.id() + "']::uuid[]"
                    : "ARRAY[CAST('" + visitType.id() + "' AS UUID)]";
            String emptyArray = kind.equals("postgresql") ? "ARRAY[]::uuid[]" : "CAST(ARRAY[] AS UUID ARRAY)";
            String insert = "INSERT INTO slots (id, provider_id, department_id, start_at, end_at, visit_type_ids, status,"
                    + " appointment_id, version) VALUES ('%s', '" + provider.id() + "', '" + department.id() + "',"
                    + " TIMESTAMP WITH TIME ZONE '2026-03-02 14:00:00+00', TIMESTAMP WITH TIME ZONE '%s', %s, '%s', %s, 0)";
            execute(ds, String.format(insert, UUID.randomUUID(), "2026-03-02 14:30:00+00", array, "OPEN", "NULL"));
            execute(ds, String.format(insert, UUID.randomUUID(), "2026-03-02 14:30:00+00", array, "BOOKED",
                    "'" + UUID.randomUUID() + "'"));
            List<String[]> refused = List.of(
                    new String[] {"2026-03-02 14:30:00+00", array, "BOOKED", "NULL"},
                    new String[] {"2026-03-02 14:30:00+00", array, "OPEN", "'" + UUID.randomUUID() + "'"},
                    new String[] {"2026-03-02 14:30:00+00", emptyArray, "OPEN", "NULL"},
                    new String[] {"2026-03-02 14:00:00+00", array, "OPEN", "NULL"},
                    new String[] {"2026-03-02 14:30:00+00", array, "open", "NULL"});
            for (String[] row : refused) {
                assertThatThrownBy(() -> execute(ds, String.format(insert, UUID.randomUUID(), row[0], row[1], row[2],
                        row[3]))).as(String.join("|", row)).isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isIn("23513", "23514"));
            }
            assertThat(query(ds, "SELECT COUNT(*) FROM slots")).containsExactly("2");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    @DisplayName("V18: slots, appointments, outbox, audit events and chain heads still refuse unknown names, negative counts and an empty visit-type set (PostgreSQL: by their columns' domains)")
    void checksAsDomains(String kind) throws SQLException {
        try (TestDatabases.TestDatabase db = database(kind)) {
            DataSource ds = db.dataSource();
            JdbcStorage storage = JdbcStorage.create(ds);
            Department department = Fixtures.department();
            Provider provider = Fixtures.provider();
            VisitType visitType = Fixtures.visitType();
            Patient patient = Fixtures.patient();
            Slot slot = Fixtures.slot(provider, department, Instant.parse("2026-03-02T14:00:00Z"), visitType.id());
            AuditChain chain = AuditChain.of(patient.id());
            storage.inTransaction(tx -> {
                Fixtures.insertClinic(tx, department, provider, visitType);
                tx.patients().insert(patient);
                tx.slots().insertAll(List.of(slot));
                tx.bookSlot(Fixtures.appointment(patient.id(), slot));
                tx.outbox().enqueue(Fixtures.outbox(Fixtures.T0));
                tx.auditTrail().lockHead(chain);
                tx.auditTrail().append(Fixtures.event(chain, 1, ""));
                return null;
            });
            String emptyArray = kind.equals("postgresql") ? "ARRAY[]::uuid[]" : "CAST(ARRAY[] AS UUID ARRAY)";
            // each breaks one column's rule only (a slot's status without its appointment keeps slots_booked_check)
            List<String> refused = List.of("UPDATE slots SET status = 'open', appointment_id = NULL",
                    "UPDATE slots SET version = -1", "UPDATE slots SET visit_type_ids = " + emptyArray,
                    "UPDATE appointments SET status = 'booked'", "UPDATE appointments SET version = -1",
                    "UPDATE outbox SET status = 'SENT'", "UPDATE outbox SET attempts = -1",
                    "UPDATE outbox SET version = -1", "UPDATE audit_events SET seq = 0",
                    "UPDATE audit_events SET actor_kind = 'ROBOT'", "UPDATE audit_events SET action = 'ERASE'",
                    "UPDATE audit_events SET outcome = 'MAYBE'", "UPDATE audit_chain_heads SET seq = -1");
            for (String update : refused) {
                assertThatThrownBy(() -> execute(ds, update)).as(update).isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isIn("23513", "23514"));
            }
            if (kind.equals("postgresql")) {
                // the one-column CHECKs left their tables (V18); the two-column ones stay
                assertThat(query(ds, "SELECT conrelid::regclass || '.' || conname FROM pg_constraint WHERE contype = 'c'"
                        + " AND conrelid::regclass::text IN ('slots', 'appointments', 'outbox', 'audit_events',"
                        + " 'audit_chain_heads') ORDER BY 1"))
                        .containsExactly("appointments.appointments_period_check", "slots.slots_booked_check",
                                "slots.slots_period_check");
            }
            // what was written stays readable, and valid writes still go through
            storage.inTransaction(tx -> {
                assertThat(tx.slots().release(slot.id(), tx.slots().find(slot.id()).orElseThrow().appointmentId()))
                        .isTrue();
                assertThat(tx.auditTrail().events(chain, 0, 10)).hasSize(1);
                return null;
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "h2-postgresql-mode", "postgresql"})
    @DisplayName("the schema accepts scope lists in canonical form only, and revoked_at with revoked_by")
    void scopeChecks(String kind) throws SQLException {
        try (TestDatabases.TestDatabase db = database(kind)) {
            DataSource ds = db.dataSource();
            JdbcStorage storage = JdbcStorage.create(ds);
            Patient patient = Fixtures.patient();
            Account account = Fixtures.account(patient.id());
            storage.inTransaction(tx -> {
                tx.patients().insert(patient);
                tx.accounts().insert(account);
                return null;
            });
            String insert = "INSERT INTO proxy_grants (id, proxy_account_id, patient_id, relationship, scopes,"
                    + " teen_consent, granted_at, granted_by, expires_at, revoked_at, revoked_by, version) VALUES ('%s', '"
                    + account.id() + "', '" + patient.id() + "', 'PARENT', '%s', '%s', CURRENT_TIMESTAMP, 'staff',"
                    + " CURRENT_TIMESTAMP, %s, %s, 0)";
            for (String scopes : List.of("APPOINTMENTS", "APPOINTMENTS,MEDICATIONS,RESULTS,MESSAGING,RECORDS",
                    "RESULTS,RECORDS")) {
                execute(ds, String.format(insert, UUID.randomUUID(), scopes, "", "NULL", "NULL"));
            }
            execute(ds, String.format(insert, UUID.randomUUID(), "RESULTS", "RESULTS,MESSAGING", "CURRENT_TIMESTAMP",
                    "'staff'"));
            List<String[]> refused = List.of(
                    new String[] {"", "", "NULL", "NULL"},
                    new String[] {"RESULTS,APPOINTMENTS", "", "NULL", "NULL"},
                    new String[] {"RESULTS,RESULTS", "", "NULL", "NULL"},
                    new String[] {"RESULTS,", "", "NULL", "NULL"},
                    new String[] {"results", "", "NULL", "NULL"},
                    new String[] {"RESULTS, RECORDS", "", "NULL", "NULL"},
                    new String[] {"BILLING", "", "NULL", "NULL"},
                    new String[] {"RESULTS", ",", "NULL", "NULL"},
                    new String[] {"RESULTS", "MESSAGING,RESULTS", "NULL", "NULL"},
                    new String[] {"RESULTS", "", "CURRENT_TIMESTAMP", "NULL"},
                    new String[] {"RESULTS", "", "NULL", "'staff'"});
            for (String[] row : refused) {
                assertThatThrownBy(() -> execute(ds, String.format(insert, UUID.randomUUID(), row[0], row[1], row[2],
                        row[3]))).as(String.join("|", row)).isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isIn("23513", "23514")); // H2, PostgreSQL
            }
            assertThat(query(ds, "SELECT COUNT(*) FROM proxy_grants")).containsExactly("4");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    @DisplayName("an applied migration whose script changed stops the start with a clear StorageException")
    void checksumMismatch(String kind) throws SQLException {
        try (TestDatabases.TestDatabase db = database(kind)) {
            DataSource ds = db.dataSource();
            JdbcStorage.create(ds).close();
            Migrator.Migration shipped = Migrator.load(dialect(kind), Migrator.SCRIPTS).get(0);
            Migrator edited = new Migrator(dialect(kind), List.of(new Migrator.Migration(1, "identity",
                    Migrator.sha256("-- edited\n"), shipped.statements())));
            assertThatThrownBy(() -> edited.migrate(ds)).isExactlyInstanceOf(StorageException.class)
                    .hasMessageContaining("V1 (identity) was changed after it was applied").hasNoCause();

            execute(ds, "UPDATE portal_schema_history SET checksum = '" + "0".repeat(64) + "' WHERE version = 1");
            assertThatThrownBy(() -> JdbcStorage.create(ds)).isExactlyInstanceOf(StorageException.class)
                    .hasMessageContaining("checksum");
            JdbcStorage.builder(ds).migrate(false).build().close(); // a host that manages the schema still starts
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    @DisplayName("later scripts are applied in order with their history rows; unknown newer versions are left alone")
    void laterVersions(String kind) throws SQLException {
        try (TestDatabases.TestDatabase db = database(kind)) {
            DataSource ds = db.dataSource();
            List<Migrator.Migration> migrations = new ArrayList<>(Migrator.load(dialect(kind), Migrator.SCRIPTS));
            new Migrator(dialect(kind), migrations).migrate(ds);
            migrations.add(new Migrator.Migration(99, "later", Migrator.sha256("v99"),
                    List.of("CREATE TABLE later_table (id INTEGER PRIMARY KEY)", "INSERT INTO later_table VALUES (1)")));
            new Migrator(dialect(kind), migrations).migrate(ds);
            assertThat(query(ds, "SELECT version, description FROM portal_schema_history ORDER BY version"))
                    .containsExactlyElementsOf(Stream.concat(SHIPPED.stream(), Stream.of("99|later")).toList());
            assertThat(query(ds, "SELECT id FROM later_table")).containsExactly("1");
            JdbcStorage.create(ds).close(); // this jar knows only the SHIPPED ones: V99 is from a newer node
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    @DisplayName("a failing script leaves no history row, so the next start tries it again")
    void failingScript(String kind) throws SQLException {
        try (TestDatabases.TestDatabase db = database(kind)) {
            DataSource ds = db.dataSource();
            List<Migrator.Migration> migrations = new ArrayList<>(Migrator.load(dialect(kind), Migrator.SCRIPTS));
            migrations.add(new Migrator.Migration(99, "broken", Migrator.sha256("v99"),
                    List.of("INSERT INTO no_such_table VALUES (1)")));
            assertThatThrownBy(() -> new Migrator(dialect(kind), migrations).migrate(ds))
                    .isInstanceOf(StorageException.class).hasMessageStartingWith("Could not migrate the schema (SQLState");
            assertThat(query(ds, "SELECT version FROM portal_schema_history ORDER BY version"))
                    .containsExactlyElementsOf(versions());
        }
    }

    @Test
    @DisplayName("PostgreSQL plans the V2 lookups on their (partial) indexes")
    void postgresPlans() throws SQLException {
        try (TestDatabases.TestDatabase db = TestDatabases.postgresMigrated();
             Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            // Some rows and statistics, so that the planner's choice means something.
            s.execute("INSERT INTO patients (id, mrn, given_name, family_name, birth_date, ssn4_hash, mobile,"
                    + " registered_at, version) SELECT gen_random_uuid(), 'mrn-' || g, 'A', 'B', DATE '2010-01-01', 'h',"
                    + " '+1555' || (g % 50), CURRENT_TIMESTAMP, 0 FROM generate_series(1, 2000) g");
            s.execute("INSERT INTO accounts (id, patient_id, username, username_key, password_hash, status,"
                    + " failed_login_count, created_at, password_changed_at, version) SELECT gen_random_uuid(), id, mrn,"
                    + " mrn, 'x', 'ACTIVE', 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 0 FROM patients");
            s.execute("INSERT INTO proxy_grants (id, proxy_account_id, patient_id, relationship, scopes, teen_consent,"
                    + " granted_at, granted_by, expires_at, version) SELECT gen_random_uuid(), a.id, p.id, 'PARENT',"
                    + " 'RESULTS', '', CURRENT_TIMESTAMP, 'staff', CURRENT_TIMESTAMP, 0"
                    + " FROM (SELECT id FROM accounts LIMIT 100) a CROSS JOIN (SELECT id FROM patients LIMIT 50) p");
            s.execute("ANALYZE");
            s.execute("SET enable_seqscan = off");
            String id = "'" + UUID.randomUUID() + "'";
            String proxy;
            String patient;
            try (ResultSet pair = s.executeQuery("SELECT proxy_account_id, patient_id FROM proxy_grants LIMIT 1")) {
                pair.next();
                proxy = "'" + pair.getString(1) + "'";
                patient = "'" + pair.getString(2) + "'";
            }
            Map<String, String> plans = Map.of(
                    "SELECT * FROM proxy_grants WHERE revoked_at IS NULL AND proxy_account_id = " + proxy
                            + " AND patient_id = " + patient + " ORDER BY id", "proxy_grants_unrevoked_pair_idx",
                    "SELECT * FROM proxy_grants WHERE revoked_at IS NULL AND proxy_account_id = " + proxy
                            + " AND id > " + id + " ORDER BY id LIMIT 7", "proxy_grants_unrevoked_proxy_idx",
                    "SELECT * FROM proxy_grants WHERE revoked_at IS NULL AND patient_id = " + patient
                            + " AND id > " + id + " ORDER BY id LIMIT 7", "proxy_grants_unrevoked_patient_idx",
                    "SELECT * FROM patients WHERE mobile = '+15550001111' ORDER BY id", "patients_mobile_idx",
                    "SELECT * FROM notification_preferences WHERE patient_id = " + id, "notification_preferences_pkey");
            for (Map.Entry<String, String> query : plans.entrySet()) {
                StringBuilder plan = new StringBuilder();
                try (ResultSet rows = s.executeQuery("EXPLAIN " + query.getKey())) {
                    while (rows.next()) {
                        plan.append(rows.getString(1)).append('\n');
                    }
                }
                assertThat(plan.toString()).as(query.getKey()).contains(query.getValue());
            }
        }
    }

    @Test
    @DisplayName("PostgreSQL plans findOpen, overlapping, the booking's overlap check (V16), upcoming, past and the staff queues on their (partial) indexes; slot and appointment pages without a sort")
    void postgresSchedulingPlans() throws SQLException {
        try (TestDatabases.TestDatabase db = TestDatabases.postgresMigrated();
             Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            // Enough rows and statistics that the planner's choice means something.
            s.execute("INSERT INTO departments SELECT gen_random_uuid(), 'D' || g, 'America/New_York', 0"
                    + " FROM generate_series(1, 5) g");
            s.execute("INSERT INTO providers SELECT gen_random_uuid(), 'P' || g, true, 0 FROM generate_series(1, 40) g");
            s.execute("INSERT INTO visit_types SELECT gen_random_uuid(), 'V' || g, 1800, true, 'ANY', true, 0"
                    + " FROM generate_series(1, 10) g");
            s.execute("INSERT INTO patients (id, mrn, given_name, family_name, birth_date, ssn4_hash, registered_at,"
                    + " version) SELECT gen_random_uuid(), 'mrn-' || g, 'A', 'B', DATE '1980-01-01', 'h',"
                    + " CURRENT_TIMESTAMP, 0 FROM generate_series(1, 2000) g");
            s.execute("CREATE TEMP TABLE p AS SELECT id, row_number() OVER (ORDER BY id) AS n FROM providers");
            s.execute("CREATE TEMP TABLE d AS SELECT id, row_number() OVER (ORDER BY id) AS n FROM departments");
            s.execute("CREATE TEMP TABLE v AS SELECT id, row_number() OVER (ORDER BY id) AS n FROM visit_types");
            s.execute("CREATE TEMP TABLE pt AS SELECT id, row_number() OVER (ORDER BY id) AS n FROM patients");
            s.execute("INSERT INTO slots SELECT gen_random_uuid(), p.id, d.id,"
                    + " TIMESTAMPTZ '2026-01-01 00:00+00' + (g / 40) * INTERVAL '30 minutes',"
                    + " TIMESTAMPTZ '2026-01-01 00:30+00' + (g / 40) * INTERVAL '30 minutes',"
                    + " ARRAY[v1.id, v2.id], CASE WHEN g % 3 = 0 THEN 'BOOKED' ELSE 'OPEN' END,"
                    + " CASE WHEN g % 3 = 0 THEN gen_random_uuid() END, 0"
                    + " FROM generate_series(0, 39999) g JOIN p ON p.n = g % 40 + 1 JOIN d ON d.n = g % 5 + 1"
                    + " JOIN v v1 ON v1.n = g % 10 + 1 JOIN v v2 ON v2.n = (g + 3) % 10 + 1");
            s.execute("INSERT INTO appointments SELECT gen_random_uuid(), pt.id, sl.id, sl.provider_id, sl.department_id,"
                    + " sl.visit_type_ids[1], sl.start_at, sl.end_at, 'COMPLETED', CURRENT_TIMESTAMP, 'x', NULL, NULL,"
                    + " NULL, 0 FROM (SELECT *, row_number() OVER (ORDER BY id) AS n FROM slots) sl"
                    + " JOIN pt ON pt.n = sl.n % 2000 + 1");
            s.execute("INSERT INTO waitlist_entries SELECT gen_random_uuid(), a.patient_id, a.id, a.visit_type_id,"
                    + " a.provider_id, CURRENT_TIMESTAMP, CASE WHEN random() < 0.9 THEN 'FULFILLED' ELSE 'WAITING' END,"
                    + " NULL, 0 FROM appointments a");
            s.execute("INSERT INTO appointment_requests SELECT gen_random_uuid(), a.patient_id, a.visit_type_id, NULL,"
                    + " NULL, a.start_at, a.end_at, CASE WHEN random() < 0.95 THEN 'SCHEDULED' ELSE 'OPEN' END,"
                    + " CURRENT_TIMESTAMP, NULL, NULL, NULL, NULL, 0 FROM appointments a");
            s.execute("ANALYZE");
            String[] one = first(s, "SELECT a.patient_id, a.provider_id, a.department_id, a.visit_type_id, a.id"
                    + " FROM appointments a LIMIT 1");
            String patient = "'" + one[0] + "'";
            String provider = "'" + one[1] + "'";
            String department = "'" + one[2] + "'";
            String visitType = "'" + one[3] + "'";
            String id = "'" + one[4] + "'";
            String open = "SELECT * FROM slots WHERE status = 'OPEN' AND start_at >= TIMESTAMPTZ '2026-01-03 00:00+00'"
                    + " AND start_at < TIMESTAMPTZ '2026-03-01 00:00+00'";
            String cursor = " AND (start_at, id) > (TIMESTAMPTZ '2026-01-03 00:00+00', " + id + ")";
            Map<String, String> plans = new java.util.LinkedHashMap<>();
            plans.put(open + cursor + " ORDER BY start_at, id LIMIT 51", "slots_open_start_idx");
            plans.put(open + " AND department_id = " + department + " AND visit_type_ids @> ARRAY[CAST(" + visitType
                    + " AS uuid)]" + cursor + " ORDER BY start_at, id LIMIT 51", "slots_open_");
            plans.put(open + " AND provider_id = " + provider + cursor + " ORDER BY start_at, id LIMIT 51",
                    "slots_open_provider_start_idx");
            plans.put("SELECT * FROM slots WHERE provider_id = " + provider
                    + " AND start_at < TIMESTAMPTZ '2026-02-01 00:00+00' AND end_at > TIMESTAMPTZ '2026-01-31 00:00+00'"
                    + " ORDER BY start_at, id", "slots_provider_end_idx");
            plans.put("SELECT * FROM appointments WHERE patient_id = " + patient
                    + " AND start_at >= TIMESTAMPTZ '2026-01-03 00:00+00' AND (start_at, id) > (TIMESTAMPTZ"
                    + " '2026-01-03 00:00+00', " + id + ") ORDER BY start_at, id LIMIT 21", "appointments_patient_start_idx");
            plans.put("SELECT * FROM appointments WHERE patient_id = " + patient
                    + " AND start_at < TIMESTAMPTZ '2026-01-20 00:00+00' AND (start_at, id) < (TIMESTAMPTZ"
                    + " '2026-01-19 00:00+00', " + id + ") ORDER BY start_at DESC, id DESC LIMIT 21",
                    "Index Scan Backward using appointments_patient_start_idx");
            plans.put("SELECT 1 FROM appointments WHERE patient_id = " + patient + " AND status = 'BOOKED'"
                    + " AND end_at > TIMESTAMPTZ '2026-01-19 00:00+00' AND start_at < TIMESTAMPTZ '2026-01-19 00:30+00'",
                    "appointments_booked_end_idx");
            plans.put("SELECT * FROM waitlist_entries WHERE visit_type_id = " + visitType + " AND provider_id = "
                    + provider + " AND status = 'WAITING' AND id > " + id + " ORDER BY id LIMIT 21",
                    "waitlist_entries_waiting_idx");
            plans.put("SELECT * FROM appointment_requests WHERE status = 'OPEN' AND id > " + id + " ORDER BY id LIMIT 21",
                    "appointment_requests_open_idx");
            plans.put("SELECT * FROM appointment_requests WHERE patient_id = " + patient + " AND id > " + id
                    + " ORDER BY id LIMIT 21", "appointment_requests_patient_idx");
            plans.put("SELECT * FROM waitlist_entries WHERE patient_id = " + patient + " AND id > " + id
                    + " ORDER BY id LIMIT 21", "waitlist_entries_patient_idx");
            for (Map.Entry<String, String> query : plans.entrySet()) {
                String plan = String.join("\n", explain(s, query.getKey()));
                assertThat(plan).as(query.getKey()).contains(query.getValue()).doesNotContain("Seq Scan");
                if (query.getValue().equals("slots_open_start_idx") || query.getValue().contains("appointments_")) {
                    // the long lists come in index order; the planner may sort a handful of rows elsewhere
                    assertThat(plan).as(query.getKey()).doesNotContain("Sort Key");
                }
            }
            // insertIfNoOverlap's check under the patient's lock (V16): the exclusion constraint is gone
            assertThat(query(db.dataSource(), "SELECT conname FROM pg_constraint WHERE conname ="
                    + " 'appointments_no_overlap_excl'")).isEmpty();
        }
    }

    @Test
    @DisplayName("PostgreSQL plans a patient's access log (accessesByOthers) on the V13 partial index, without a sort (AD-4)")
    void postgresAccessLogPlan() throws SQLException {
        try (TestDatabases.TestDatabase db = TestDatabases.postgresMigrated();
             Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            // 100 chains of 1000 events, 1 in 50 by staff or a proxy, the rest the patient's own.
            s.execute("INSERT INTO audit_events SELECT gen_random_uuid(), 'patient:' || (g / 1000), g % 1000 + 1,"
                    + " CURRENT_TIMESTAMP, NULL, CASE WHEN g % 100 = 0 THEN 'STAFF' WHEN g % 100 = 50 THEN 'PROXY'"
                    + " ELSE 'PATIENT' END, 'a', NULL, 'READ', 'c', NULL, 'SUCCESS', NULL, '', 'h'"
                    + " FROM generate_series(0, 99999) g");
            s.execute("ANALYZE");
            String plan = String.join("\n", explain(s, "SELECT * FROM audit_events WHERE chain = 'patient:7'"
                    + " AND actor_kind IN ('STAFF', 'PROXY') AND seq < 900 ORDER BY seq DESC LIMIT 21"));
            assertThat(plan).contains("audit_events_access_idx").doesNotContain("Seq Scan").doesNotContain("Sort Key");
        }
    }

    @Test
    @DisplayName("PostgreSQL plans cancel/reschedule's wait-list reads as index walks reading at most limit entries per visit type, custom or generic (V15)")
    void postgresWaitlistReadPlans() throws SQLException {
        try (TestDatabases.TestDatabase db = TestDatabases.postgresMigrated();
             Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            // 20000 patients with an account and a booked appointment each, on 100 providers' slots
            // offering 2 of 10 visit types; per appointment a WAITING entry and a closed one.
            s.execute("INSERT INTO departments SELECT gen_random_uuid(), 'D' || g, 'America/New_York', 0"
                    + " FROM generate_series(1, 5) g");
            s.execute("INSERT INTO providers SELECT gen_random_uuid(), 'P' || g, true, 0 FROM generate_series(1, 100) g");
            s.execute("INSERT INTO visit_types SELECT gen_random_uuid(), 'V' || g, 1800, true, 'ANY', true, 0"
                    + " FROM generate_series(1, 10) g");
            s.execute("CREATE TEMP TABLE p AS SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM providers");
            s.execute("CREATE TEMP TABLE d AS SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM departments");
            s.execute("CREATE TEMP TABLE v AS SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM visit_types");
            s.execute("CREATE TEMP TABLE g AS SELECT g, gen_random_uuid() AS patient, gen_random_uuid() AS slot,"
                    + " gen_random_uuid() AS appointment FROM generate_series(0, 19999) g");
            s.execute("INSERT INTO patients (id, mrn, given_name, family_name, birth_date, ssn4_hash, registered_at,"
                    + " version) SELECT patient, 'mrn-' || g, 'A', 'B', DATE '1980-01-01', 'h', CURRENT_TIMESTAMP, 0 FROM g");
            s.execute("INSERT INTO accounts (id, patient_id, username, username_key, password_hash, status,"
                    + " failed_login_count, created_at, password_changed_at, version) SELECT gen_random_uuid(), patient,"
                    + " 'u' || g, 'u' || g, 'x', 'ACTIVE', 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 0 FROM g");
            s.execute("INSERT INTO slots SELECT g.slot, p.id, d.id,"
                    + " TIMESTAMPTZ '2026-01-01 00:00+00' + (g / 100) * INTERVAL '30 minutes',"
                    + " TIMESTAMPTZ '2026-01-01 00:30+00' + (g / 100) * INTERVAL '30 minutes',"
                    + " ARRAY[v1.id, v2.id], 'BOOKED', g.appointment, 0 FROM g JOIN p ON p.n = g % 100"
                    + " JOIN d ON d.n = g % 5 JOIN v v1 ON v1.n = (g / 100) % 10 JOIN v v2 ON v2.n = (g / 100 + 3) % 10");
            s.execute("INSERT INTO appointments SELECT g.appointment, g.patient, sl.id, sl.provider_id, sl.department_id,"
                    + " sl.visit_type_ids[1], sl.start_at, sl.end_at, 'BOOKED', CURRENT_TIMESTAMP, 'x', NULL, NULL,"
                    + " NULL, 0 FROM g JOIN slots sl ON sl.id = g.slot");
            s.execute("INSERT INTO waitlist_entries SELECT gen_random_uuid(), a.patient_id, a.id, a.visit_type_id,"
                    + " a.provider_id, CURRENT_TIMESTAMP, w.status, CASE WHEN w.status <> 'WAITING' THEN CURRENT_TIMESTAMP END,"
                    + " 0 FROM appointments a CROSS JOIN (VALUES ('WAITING'), ('FULFILLED')) w(status)");
            // Appointment 0's slot: a busy list (4000 waiting for its first visit type), and its patient
            // joined and left the list for it 100 times.
            String[] one = first(s, "SELECT patient, appointment FROM g WHERE g = 0");
            s.execute("INSERT INTO waitlist_entries SELECT gen_random_uuid(), a.patient_id, a.id, sl.visit_type_ids[1],"
                    + " sl.provider_id, CURRENT_TIMESTAMP, 'WAITING', NULL, 0 FROM g JOIN appointments a ON a.id = g.appointment"
                    + " CROSS JOIN (SELECT * FROM slots WHERE id = (SELECT slot FROM g WHERE g = 0)) sl WHERE g.g BETWEEN 1 AND 4000");
            s.execute("INSERT INTO waitlist_entries SELECT gen_random_uuid(), a.patient_id, a.id, a.visit_type_id,"
                    + " a.provider_id, CURRENT_TIMESTAMP, 'CANCELLED', CURRENT_TIMESTAMP, 1 FROM appointments a"
                    + " CROSS JOIN generate_series(1, 100) WHERE a.id = '" + one[1] + "'");
            s.execute("ANALYZE");
            String appointment = "'" + one[1] + "'";
            String limit = String.valueOf(WAITLIST_READ);
            // Each part as readForCommand sends it, its used indexes, at most how many rows it reads.
            Map<String, List<String>> parts = new java.util.LinkedHashMap<>();
            parts.put(JdbcSlots.FIND_OF_APPOINTMENT, List.of("(uuid)", appointment, "slots_pkey appointments_pkey"));
            parts.put(JdbcWaitlist.WAITING_OF_PATIENT_FOR_APPOINTMENT, List.of("(uuid, uuid)",
                    "'" + one[0] + "', " + appointment, "waitlist_entries_appointment_waiting_idx"));
            String waiting = "appointments_pkey slots_pkey waitlist_entries_waiting_idx";
            parts.put(JdbcWaitlist.WAITING_FOR_SLOT_OF_APPOINTMENT, List.of("(uuid, integer, integer)",
                    appointment + ", " + limit + ", " + limit, waiting));
            parts.put(JdbcWaitlist.HELD_BY_WAITING, List.of("(uuid, integer, integer)",
                    appointment + ", " + limit + ", " + limit, waiting));
            parts.put(JdbcWaitlist.ACCOUNTS_OF_WAITING, List.of("(uuid, integer, integer)",
                    appointment + ", " + limit + ", " + limit, waiting + " accounts_patient_id_key"));
            int part = 0;
            for (Map.Entry<String, List<String>> entry : parts.entrySet()) {
                String name = "part" + part++;
                s.execute("PREPARE " + name + entry.getValue().get(0) + " AS " + numbered(entry.getKey()));
                // pgJDBC's first executions get custom plans (the values known), later ones may get the generic one
                for (String mode : List.of("force_custom_plan", "force_generic_plan")) {
                    s.execute("SET plan_cache_mode = " + mode);
                    String plan = String.join("\n", explain(s, "(ANALYZE, TIMING OFF, SUMMARY OFF, COSTS OFF) EXECUTE "
                            + name + "(" + entry.getValue().get(1) + ")"));
                    String as = mode + ": " + entry.getKey() + "\n" + plan;
                    assertThat(plan).as(as).doesNotContain("Seq Scan", "Bitmap", "Rows Removed by Filter")
                            .contains(Stream.of(entry.getValue().get(2).split(" ")).map(i -> "Index Scan using " + i + " ")
                                    .toArray(String[]::new));
                    // the busy visit type's entries come in id order, no more than the limit of them
                    Matcher read = ENTRIES_READ.matcher(plan);
                    int scans = 0;
                    while (read.find()) {
                        scans++;
                        assertThat(Long.parseLong(read.group(1)) * Long.parseLong(read.group(2))).as(as)
                                .isLessThanOrEqualTo(2L * WAITLIST_READ);
                    }
                    assertThat(scans).as(as).isEqualTo(entry.getKey().contains("waitlist_entries") ? 1 : 0);
                }
            }
        }
    }

    /** The wait-list read's limit in portal-core ({@code SchedulingPart.WAITLIST_READ}). */
    private static final int WAITLIST_READ = 200;
    /** A scan of waitlist_entries in an EXPLAIN ANALYZE text plan: its rows per loop, its loops. */
    private static final Pattern ENTRIES_READ =
            Pattern.compile("waitlist_entries e? ?\\(actual rows=(\\d+)(?:\\.\\d+)? loops=(\\d+)\\)");

    /** A statement's JDBC placeholders as PREPARE's $1, $2, ... (as the driver sends them). */
    static String numbered(String sql) {
        StringBuilder numbered = new StringBuilder();
        int n = 0;
        for (char ch : sql.toCharArray()) {
            if (ch == '?') {
                numbered.append('$').append(++n);
            } else {
                numbered.append(ch);
            }
        }
        return numbered.toString();
    }

    private static String[] first(Statement s, String sql) throws SQLException {
        try (ResultSet rows = s.executeQuery(sql)) {
            rows.next();
            String[] values = new String[rows.getMetaData().getColumnCount()];
            for (int i = 0; i < values.length; i++) {
                values[i] = rows.getString(i + 1);
            }
            return values;
        }
    }

    private static List<String> explain(Statement s, String sql) throws SQLException {
        List<String> plan = new ArrayList<>();
        try (ResultSet rows = s.executeQuery("EXPLAIN " + sql)) {
            while (rows.next()) {
                plan.add(rows.getString(1));
            }
        }
        return plan;
    }

    @Test
    @DisplayName("concurrent starts on one empty PostgreSQL database migrate it once")
    void concurrentStarts() throws Exception {
        try (TestDatabases.TestDatabase db = TestDatabases.postgres()) {
            List<JdbcStorage> storages = JdbcStorageTest.runConcurrently(6, i -> JdbcStorage.create(db.dataSource()));
            assertThat(storages).hasSize(6).doesNotContainNull();
            assertThat(query(db.dataSource(), "SELECT version FROM portal_schema_history ORDER BY version"))
                    .containsExactlyElementsOf(versions());
        }
    }

    @Test
    @DisplayName("concurrent starts on one empty H2 database migrate it once")
    void concurrentStartsH2() throws Exception {
        try (TestDatabases.TestDatabase db = TestDatabases.h2()) {
            List<JdbcStorage> storages = JdbcStorageTest.runConcurrently(6, i -> JdbcStorage.create(db.dataSource()));
            assertThat(storages).hasSize(6).doesNotContainNull();
            assertThat(query(db.dataSource(), "SELECT version FROM portal_schema_history ORDER BY version"))
                    .containsExactlyElementsOf(versions());
        }
    }

    @Test
    @DisplayName("migrate(false) touches no schema; builder options are set once; close leaves the DataSource open")
    void builder() throws SQLException {
        try (TestDatabases.TestDatabase db = TestDatabases.h2()) {
            DataSource ds = db.dataSource();
            JdbcStorage.builder(ds).migrate(false).build().close();
            assertThat(query(ds, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'"))
                    .containsExactly("0");
            assertThatThrownBy(() -> JdbcStorage.builder(ds).migrate(true).migrate(false))
                    .isInstanceOf(IllegalStateException.class);
            JdbcStorage storage = JdbcStorage.create(ds);
            storage.close();
            assertThat(query(ds, "SELECT COUNT(*) FROM portal_schema_history")).containsExactly(String.valueOf(SHIPPED.size()));
            assertThatThrownBy(() -> storage.inTransaction(tx -> null)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    @DisplayName("both dialects ship the same scripts, and the splitter keeps quoted semicolons")
    void scripts() {
        for (Dialect dialect : Dialect.values()) {
            List<Migrator.Migration> migrations = Migrator.load(dialect, Migrator.SCRIPTS);
            assertThat(migrations).extracting(m -> m.version() + "|" + m.description()).containsExactlyElementsOf(SHIPPED);
            assertThat(migrations).flatExtracting(Migrator.Migration::statements)
                    .allSatisfy(s -> assertThat(s).doesNotContain("--"));
        }
        assertThat(Migrator.statements("-- c;\nSELECT 'a;b'; SELECT \"x;\" -- d;\n;\n"))
                .containsExactly("SELECT 'a;b'", "SELECT \"x;\"");
    }

    /** Every migration this jar ships, as "version|description", in order: a new migration is added here. */
    static final List<String> SHIPPED = List.of("1|identity", "2|proxy and notifications", "3|scheduling",
            "4|medications and history", "5|results", "6|messaging", "9|contacts", "10|outbox retention",
            "13|audit access log", "14|booking locks",
            "15|waitlist of appointment", "16|overlap checks on btrees", "17|booking without key locks", "18|checks as domains",
            "19|booking refused on the server");

    /** The shipped versions, as the history table shows them. */
    private static List<String> versions() {
        return SHIPPED.stream().map(row -> row.substring(0, row.indexOf('|'))).toList();
    }

    /** The shipped rows with their checksums: "version|description|checksum", or "version|checksum". */
    private static List<String> withChecksums(List<Migrator.Migration> shipped, boolean description) {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < SHIPPED.size(); i++) {
            String row = description ? SHIPPED.get(i) : versions().get(i);
            rows.add(row + "|" + shipped.get(i).checksum());
        }
        return rows;
    }

    static List<String> query(DataSource ds, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            int columns = r.getMetaData().getColumnCount();
            while (r.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    values.add(String.valueOf(r.getObject(i)).trim());
                }
                rows.add(String.join("|", values));
            }
        }
        return rows;
    }

    static void execute(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
