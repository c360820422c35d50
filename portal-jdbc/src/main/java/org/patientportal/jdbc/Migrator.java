package org.patientportal.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.patientportal.spi.storage.StorageException;

/**
 * Applies the versioned SQL scripts shipped in the jar under
 * {@code org/patientportal/jdbc/migration/<dialect>/V<n>__<description>.sql} and records each in
 * {@code portal_schema_history} (version, description, checksum, applied_at).
 *
 * <ul>
 *   <li>Scripts run in version order, each in its own transaction with its history row.</li>
 *   <li>The SHA-256 of every applied script (line endings normalised) is compared with the shipped
 *       one on every start: an edited applied script stops the start with a {@link StorageException}.</li>
 *   <li>Versions in the history that this jar does not know (a newer node migrated first) are left
 *       alone, so an older node of a rolling upgrade still starts.</li>
 *   <li>Concurrent starts are safe. PostgreSQL: every migration transaction first takes a
 *       transaction-scoped advisory lock, then re-reads the history. H2 commits DDL statements at
 *       once, so no database lock can span a script: migrations of H2 databases are serialised per
 *       JVM (an H2 database is embedded in one JVM), and the history is re-read under that lock.</li>
 * </ul>
 */
final class Migrator {
    /** The shipped scripts, in order. A new script is added here and in both dialect folders. */
    static final List<String> SCRIPTS = List.of("V1__identity.sql", "V2__proxy_and_notifications.sql",
            "V3__scheduling.sql", "V4__medications_and_history.sql", "V5__results.sql",
            "V6__messaging.sql", "V9__contacts.sql", "V10__outbox_retention.sql",
            "V13__audit_access_log.sql", "V14__booking_locks.sql",
            "V15__waitlist_of_appointment.sql", "V16__overlap_checks_on_btrees.sql",
            "V17__booking_without_key_locks.sql", "V18__checks_as_domains.sql",
            "V19__booking_refused_on_the_server.sql");

    /** Key of the PostgreSQL advisory lock every migration takes ("portal" + 1). */
    private static final long ADVISORY_LOCK_KEY = 0x706f7274616c0001L;
    private static final ReentrantLock H2_LOCK = new ReentrantLock();
    private static final Pattern NAME = Pattern.compile("V([1-9][0-9]*)__([A-Za-z0-9_]+)\\.sql");
    private static final String HISTORY_PG = "CREATE TABLE IF NOT EXISTS portal_schema_history ("
            + " version integer NOT NULL, description text NOT NULL, checksum char(64) NOT NULL,"
            + " applied_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,"
            + " CONSTRAINT portal_schema_history_pkey PRIMARY KEY (version))";
    private static final String HISTORY_H2 = "CREATE TABLE IF NOT EXISTS portal_schema_history ("
            + " version INTEGER NOT NULL, description CHARACTER VARYING NOT NULL, checksum CHARACTER(64) NOT NULL,"
            + " applied_at TIMESTAMP(6) WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,"
            + " CONSTRAINT portal_schema_history_pkey PRIMARY KEY (version))";

    /** One shipped script. */
    record Migration(int version, String description, String checksum, List<String> statements) {
    }

    private final Dialect dialect;
    private final List<Migration> migrations;

    Migrator(Dialect dialect) {
        this(dialect, load(dialect, SCRIPTS));
    }

    Migrator(Dialect dialect, List<Migration> migrations) {
        this.dialect = dialect;
        this.migrations = List.copyOf(migrations);
    }

    /** Verifies the applied scripts and applies the missing ones. */
    void migrate(DataSource dataSource) {
        if (dialect == Dialect.H2) {
            H2_LOCK.lock();
            try {
                run(dataSource);
            } finally {
                H2_LOCK.unlock();
            }
        } else {
            run(dataSource);
        }
    }

    private void run(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                Map<Integer, String> applied = inTransaction(connection, () -> {
                    execute(connection, dialect == Dialect.POSTGRESQL ? HISTORY_PG : HISTORY_H2);
                    return history(connection);
                });
                verify(applied);
                for (Migration migration : migrations) {
                    if (applied.containsKey(migration.version())) {
                        continue;
                    }
                    inTransaction(connection, () -> {
                        Map<Integer, String> now = history(connection);
                        if (now.containsKey(migration.version())) {
                            verify(now); // another node applied it meanwhile
                            return null;
                        }
                        for (String statement : migration.statements()) {
                            execute(connection, statement);
                        }
                        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO portal_schema_history"
                                + " (version, description, checksum) VALUES (?, ?, ?)")) {
                            insert.setInt(1, migration.version());
                            insert.setString(2, migration.description());
                            insert.setString(3, migration.checksum());
                            insert.executeUpdate();
                        }
                        return null;
                    });
                }
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw Errors.translate("migrate the schema", e);
        }
    }

    @FunctionalInterface
    private interface Step<T> {
        T run() throws SQLException;
    }

    private <T> T inTransaction(Connection connection, Step<T> step) throws SQLException {
        try {
            if (dialect == Dialect.POSTGRESQL) {
                try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                    lock.setLong(1, ADVISORY_LOCK_KEY);
                    lock.execute();
                }
            }
            T result = step.run();
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException | Error e) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // the first failure is the one to report
            }
            throw e;
        }
    }

    private void verify(Map<Integer, String> applied) {
        for (Migration migration : migrations) {
            String checksum = applied.get(migration.version());
            if (checksum != null && !checksum.trim().equalsIgnoreCase(migration.checksum())) {
                throw new StorageException("Schema migration V" + migration.version() + " ("
                        + migration.description() + ") was changed after it was applied: its checksum does not"
                        + " match portal_schema_history. Restore the shipped script or repair the history.");
            }
        }
    }

    private static Map<Integer, String> history(Connection connection) throws SQLException {
        Map<Integer, String> applied = new TreeMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT version, checksum FROM portal_schema_history")) {
            while (rows.next()) {
                applied.put(rows.getInt(1), rows.getString(2));
            }
        }
        return applied;
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static List<Migration> load(Dialect dialect, List<String> scripts) {
        List<Migration> result = new ArrayList<>();
        int previous = 0;
        for (String script : scripts) {
            Matcher name = NAME.matcher(script);
            if (!name.matches() || Integer.parseInt(name.group(1)) <= previous) {
                throw new IllegalStateException("Bad migration script name or order: " + script);
            }
            String resource = "migration/" + dialect.folder() + "/" + script;
            String text;
            try (InputStream in = Migrator.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("Missing migration script " + resource);
                }
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
            } catch (IOException e) {
                throw new StorageException("Could not read migration script " + resource);
            }
            previous = Integer.parseInt(name.group(1));
            result.add(new Migration(previous, name.group(2).replace('_', ' '), sha256(text), statements(text)));
        }
        return result;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    /**
     * Splits a script into statements at semicolons outside quotes and comments; comments are dropped.
     * Enough for our own scripts (no dollar-quoted bodies).
     */
    static List<String> statements(String script) {
        List<String> result = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int i = 0;
        while (i < script.length()) {
            char c = script.charAt(i);
            if (c == '-' && i + 1 < script.length() && script.charAt(i + 1) == '-') {
                while (i < script.length() && script.charAt(i) != '\n') {
                    i++;
                }
                continue;
            }
            if (c == '\'' || c == '"') {
                int end = script.indexOf(c, i + 1);
                while (end > 0 && end + 1 < script.length() && script.charAt(end + 1) == c) {
                    end = script.indexOf(c, end + 2);
                }
                if (end < 0) {
                    throw new IllegalStateException("Unterminated quote in a migration script");
                }
                current.append(script, i, end + 1);
                i = end + 1;
                continue;
            }
            if (c == ';') {
                add(result, current);
            } else {
                current.append(c);
            }
            i++;
        }
        add(result, current);
        return result;
    }

    private static void add(List<String> result, StringBuilder current) {
        String statement = current.toString().strip();
        if (!statement.isEmpty()) {
            result.add(statement);
        }
        current.setLength(0);
    }
}
