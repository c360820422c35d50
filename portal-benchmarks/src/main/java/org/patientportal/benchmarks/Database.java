package org.patientportal.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL the harness runs on: the embedded server the tests use (zonky, with the tests'
 * settings) in a new database {@code bench}, or a server given by a JDBC URL (a scratch database:
 * the SDK's schema is migrated into it and the hand-written tables go to their own schema).
 */
final class Database implements AutoCloseable {
    /** The embedded server's settings, as in portal-jdbc's TestDatabases (durability off on both sides). */
    static final String EMBEDDED_SETTINGS = "fsync=off, synchronous_commit=off, full_page_writes=off";

    private final EmbeddedPostgres embedded;
    private final String url;
    private final String user;
    private final String password;

    private Database(EmbeddedPostgres embedded, String url, String user, String password) {
        this.embedded = embedded;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** A new database {@code bench} on a freshly started embedded PostgreSQL. */
    static Database embedded() {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            if (ServerStatements.ENABLED) {
                builder.setServerConfig("shared_preload_libraries", "pg_stat_statements");
                builder.setServerConfig("pg_stat_statements.track_planning", "on");   // plans: re-planning shows
            }
            EmbeddedPostgres server = builder
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .start();
            try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE bench");
            }
            return new Database(server, server.getJdbcUrl("postgres", "bench"), "postgres", null);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the benchmark database", e);
        }
    }

    /** The server at {@code url}. */
    static Database at(String url, String user, String password) {
        return new Database(null, url, user, password);
    }

    /** Where it runs, for the report. */
    String describe() {
        try (Connection c = unpooled().getConnection(); Statement s = c.createStatement();
             var rows = s.executeQuery("SHOW server_version")) {
            rows.next();
            return "PostgreSQL " + rows.getString(1) + (embedded != null
                    ? ", embedded (zonky, as the tests use), " + EMBEDDED_SETTINGS : " at " + url);
        } catch (SQLException e) {
            throw new IllegalStateException("could not reach the database", e);
        }
    }

    /** The JDBC URL of the database (for a child process). */
    String url() {
        return url;
    }

    /** A data source without a pool, for set-up. */
    DataSource unpooled() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(url);
        if (user != null) {
            dataSource.setUser(user);
        }
        if (password != null) {
            dataSource.setPassword(password);
        }
        return dataSource;
    }

    /** A HikariCP pool of {@code size} connections straight on {@code driver}, as a host has it. */
    static HikariDataSource plainPool(String name, int size, DataSource driver) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(driver);
        config.setPoolName(name);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(size);
        return new HikariDataSource(config);
    }

    /** A HikariCP pool of {@code size} connections, all made through {@code counting}. */
    static HikariDataSource pool(String name, int size, CountingDataSource counting) {
        return plainPool(name, size, counting);
    }

    @Override
    public void close() {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                // the process ends anyway
            }
        }
    }
}
