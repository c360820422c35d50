package org.patientportal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.patientportal.model.Patient;
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
            List<String> history = query(ds, "SELECT version, description, checksum FROM portal_schema_history");
            Migrator.Migration v1 = Migrator.load(dialect(kind), Migrator.SCRIPTS).get(0);
            assertThat(history).containsExactly("1|identity|" + v1.checksum());
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
            migrations.add(new Migrator.Migration(2, "later", Migrator.sha256("v2"),
                    List.of("CREATE TABLE later_table (id INTEGER PRIMARY KEY)", "INSERT INTO later_table VALUES (1)")));
            new Migrator(dialect(kind), migrations).migrate(ds);
            assertThat(query(ds, "SELECT version, description FROM portal_schema_history ORDER BY version"))
                    .containsExactly("1|identity", "2|later");
            assertThat(query(ds, "SELECT id FROM later_table")).containsExactly("1");
            JdbcStorage.create(ds).close(); // this jar knows V1 only: V2 is from a newer node
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    @DisplayName("a failing script leaves no history row, so the next start tries it again")
    void failingScript(String kind) throws SQLException {
        try (TestDatabases.TestDatabase db = database(kind)) {
            DataSource ds = db.dataSource();
            List<Migrator.Migration> migrations = new ArrayList<>(Migrator.load(dialect(kind), Migrator.SCRIPTS));
            migrations.add(new Migrator.Migration(2, "broken", Migrator.sha256("v2"),
                    List.of("INSERT INTO no_such_table VALUES (1)")));
            assertThatThrownBy(() -> new Migrator(dialect(kind), migrations).migrate(ds))
                    .isInstanceOf(StorageException.class).hasMessageStartingWith("Could not migrate the schema (SQLState");
            assertThat(query(ds, "SELECT version FROM portal_schema_history")).containsExactly("1");
        }
    }

    @Test
    @DisplayName("concurrent starts on one empty PostgreSQL database migrate it once")
    void concurrentStarts() throws Exception {
        try (TestDatabases.TestDatabase db = TestDatabases.postgres()) {
            List<JdbcStorage> storages = AbstractJdbcStorageTest.runConcurrently(6, i -> JdbcStorage.create(db.dataSource()));
            assertThat(storages).hasSize(6).doesNotContainNull();
            assertThat(query(db.dataSource(), "SELECT version FROM portal_schema_history")).containsExactly("1");
        }
    }

    @Test
    @DisplayName("concurrent starts on one empty H2 database migrate it once")
    void concurrentStartsH2() throws Exception {
        try (TestDatabases.TestDatabase db = TestDatabases.h2()) {
            List<JdbcStorage> storages = AbstractJdbcStorageTest.runConcurrently(6, i -> JdbcStorage.create(db.dataSource()));
            assertThat(storages).hasSize(6).doesNotContainNull();
            assertThat(query(db.dataSource(), "SELECT version FROM portal_schema_history")).containsExactly("1");
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
            assertThat(query(ds, "SELECT COUNT(*) FROM portal_schema_history")).containsExactly("1");
            assertThatThrownBy(() -> storage.inTransaction(tx -> null)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    @DisplayName("both dialects ship the same scripts, and the splitter keeps quoted semicolons")
    void scripts() {
        for (Dialect dialect : Dialect.values()) {
            List<Migrator.Migration> migrations = Migrator.load(dialect, Migrator.SCRIPTS);
            assertThat(migrations).extracting(Migrator.Migration::version).containsExactly(1);
            assertThat(migrations.get(0).statements()).allSatisfy(s -> assertThat(s).doesNotContain("--"));
        }
        assertThat(Migrator.statements("-- c;\nSELECT 'a;b'; SELECT \"x;\" -- d;\n;\n"))
                .containsExactly("SELECT 'a;b'", "SELECT \"x;\"");
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
