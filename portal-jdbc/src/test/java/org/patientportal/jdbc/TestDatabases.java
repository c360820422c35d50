package org.patientportal.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.patientportal.testsupport.EmbeddedPostgresServer;

/**
 * Fresh databases for tests. PostgreSQL: the kit's {@link EmbeddedPostgresServer} (one embedded
 * server per test JVM), one new database per call, behind its own small HikariCP pool. H2:
 * one new in-memory database per call.
 */
final class TestDatabases {
    /** H2 waits this long for a row lock before giving up (HYT00); concurrency tests queue on locks. */
    static final int H2_LOCK_TIMEOUT_MS = 20_000;

    private TestDatabases() {
    }

    /** A database of a test: its (breakable) data source, and how to drop it. */
    static final class TestDatabase implements AutoCloseable {
        private final BreakableDataSource dataSource;
        private final AutoCloseable drop;

        TestDatabase(DataSource dataSource, AutoCloseable drop) {
            this.dataSource = new BreakableDataSource(dataSource);
            this.drop = drop;
        }

        BreakableDataSource dataSource() {
            return dataSource;
        }

        @Override
        public void close() {
            try {
                drop.close();
            } catch (Exception e) {
                // a test database that will not drop is not a test failure
            }
        }
    }

    /** A new, empty H2 in-memory database in H2's native (default) mode. */
    static TestDatabase h2() {
        return h2("");
    }

    /** A new, empty H2 in-memory database; {@code settings} like {@code ";MODE=PostgreSQL"}. */
    static TestDatabase h2(String settings) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:portal-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT="
                + H2_LOCK_TIMEOUT_MS + settings);
        return new TestDatabase(dataSource, () -> {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
        });
    }

    /** A new, empty database (no schema) on the shared embedded PostgreSQL. */
    static TestDatabase postgres() {
        return postgres("template1");
    }

    /**
     * A new database on the shared embedded PostgreSQL, copied from a template the shipped
     * migrations were applied to once per JVM: faster than migrating every test's database.
     */
    static TestDatabase postgresMigrated() {
        return postgres(Server.MIGRATED_TEMPLATE);
    }

    private static TestDatabase postgres(String template) {
        String name = EmbeddedPostgresServer.createDatabase(template);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(EmbeddedPostgresServer.jdbcUrl(name));
        config.setMaximumPoolSize(40);
        config.setMinimumIdle(0);
        config.setPoolName(name);
        HikariDataSource pool = new HikariDataSource(config);
        return new TestDatabase(pool, () -> {
            pool.close();
            EmbeddedPostgresServer.dropDatabase(name);
        });
    }

    /**
     * A view of {@code shared} whose tables were just emptied (not dropped): what a test class gets
     * when it shares one migrated database between its tests. Closing it leaves the database.
     */
    static TestDatabase emptied(TestDatabase shared) {
        try (Connection c = shared.dataSource().target().getConnection(); Statement s = c.createStatement()) {
            // Every table of every migration (TRUNCATE wants each referencing table in the same statement).
            s.execute("TRUNCATE TABLE patients, accounts, activation_codes, sessions, audit_chain_heads,"
                    + " audit_events, outbox, idempotency_records, proxy_grants, notification_preferences,"
                    + " departments, providers, visit_types, slots, appointments, visit_summaries,"
                    + " appointment_requests, waitlist_entries, pharmacies, preferred_pharmacies, prescriptions,"
                    + " refill_requests, history_entries,"
                    + " message_pools, message_pool_members, message_topics,"
                    + " primary_care_providers, clinic_calendar, clinic_holidays, message_threads, messages,"
                    + " test_results, test_result_versions, test_result_components, result_release_delays,"
                    + " contact_changes");
        } catch (SQLException e) {
            throw new IllegalStateException("could not empty the test database", e);
        }
        return new TestDatabase(shared.dataSource().target(), () -> { });
    }

    /** The database the shipped migrations were applied to, once per JVM (holder idiom). */
    private static final class Server {
        static final String MIGRATED_TEMPLATE = migratedTemplate();

        private static String migratedTemplate() {
            String name = EmbeddedPostgresServer.createDatabase();
            // Unpooled, so that no connection is left open on the template.
            JdbcStorage.create(EmbeddedPostgresServer.dataSource(name)).close();
            return name;
        }
    }
}
