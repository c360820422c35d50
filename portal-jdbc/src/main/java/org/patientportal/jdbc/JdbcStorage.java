package org.patientportal.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import javax.sql.DataSource;
import org.patientportal.spi.storage.PortalStorage;
import org.patientportal.spi.storage.StorageException;
import org.patientportal.spi.storage.TransactionalWork;

/**
 * The storage port on any {@link DataSource}: PostgreSQL (production) or H2 2.x (embedded).
 *
 * <pre>{@code
 * PortalStorage storage = JdbcStorage.create(dataSource);              // migrates the schema
 * PortalStorage managed = JdbcStorage.builder(dataSource).migrate(false).build();
 * }</pre>
 *
 * <p>Each {@link #inTransaction} borrows one connection, runs the work at READ COMMITTED with
 * auto-commit off, commits, and gives the connection back. Conditional writes (consume a code
 * once, claim an outbox entry once, versioned updates) are single SQL statements, so they hold
 * across every node sharing the database. Failures come out as the SPI's exceptions, whose
 * messages name the operation and the SQLState only: no SQL text, no value, and no driver
 * exception as cause (its message would carry both).
 *
 * <p>Instants are stored with microsecond precision (what PostgreSQL keeps): they are truncated to
 * microseconds on the way in, so what is read back equals what was stored.
 *
 * <p>On PostgreSQL the schema needs the {@code btree_gist} extension (contrib, trusted since
 * PostgreSQL 13): migration V3 runs {@code CREATE EXTENSION IF NOT EXISTS btree_gist}, which the
 * database owner may do; where the migrating role may not, a DBA installs it once beforehand. It
 * backs the index of a provider's slot periods. A patient's BOOKED appointments are kept from
 * overlapping (SC-3) under a transaction-level advisory lock of the patient (see V16).
 */
public final class JdbcStorage implements PortalStorage {
    private final DataSource dataSource;
    private final Dialect dialect;
    private final boolean setIsolation;
    private final ThreadLocal<Boolean> inTransaction = new ThreadLocal<>();
    private volatile boolean closed;

    private JdbcStorage(DataSource dataSource, Dialect dialect, boolean setIsolation) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.setIsolation = setIsolation;
    }

    /**
     * A storage on {@code dataSource}, with its schema migrated to this version.
     *
     * @throws StorageException if the database cannot be reached, is not PostgreSQL or H2 2.x, or
     *                          an applied migration differs from the shipped one
     */
    public static JdbcStorage create(DataSource dataSource) {
        return builder(dataSource).build();
    }

    /** A builder for a storage on {@code dataSource}. */
    public static Builder builder(DataSource dataSource) {
        return new Builder(Objects.requireNonNull(dataSource, "dataSource"));
    }

    @Override
    public <T> T inTransaction(TransactionalWork<T> work) {
        Objects.requireNonNull(work, "work");
        if (closed) {
            throw new IllegalStateException("This JdbcStorage is closed");
        }
        if (inTransaction.get() != null) {
            throw new IllegalStateException("Transactions do not nest: inTransaction was called inside its work");
        }
        inTransaction.set(Boolean.TRUE);
        try {
            return run(work);
        } finally {
            inTransaction.remove();
        }
    }

    private <T> T run(TransactionalWork<T> work) {
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            throw Errors.translate("open a connection", e);
        }
        try {
            boolean autoCommit = begin(connection);
            JdbcTransaction tx = new JdbcTransaction(connection, dialect);
            T result;
            try {
                result = work.execute(tx);
                tx.flushAndCommit();
            } catch (Throwable failure) {
                tx.close();
                rollbackQuietly(connection);
                throw sneaky(failure);
            } finally {
                tx.close();
            }
            if (tx.aborted()) {
                rollbackQuietly(connection);
                throw new StorageException("Could not commit the transaction: a statement in it failed, so it was"
                        + " rolled back");
            }
            try {
                // after writes behind that carried the COMMIT, pgJDBC sees no open transaction and sends nothing
                connection.commit();
            } catch (SQLException e) {
                rollbackQuietly(connection);
                throw Errors.translate("commit the transaction", e);
            }
            restore(connection, autoCommit);
            return result;
        } finally {
            closeQuietly(connection);
        }
    }

    /** Auto-commit off and READ COMMITTED; returns the auto-commit mode to restore. */
    private boolean begin(Connection connection) {
        try {
            boolean autoCommit = connection.getAutoCommit();
            if (autoCommit) {
                connection.setAutoCommit(false);
            }
            if (setIsolation || dialect == Dialect.H2
                    && connection.getTransactionIsolation() != Connection.TRANSACTION_READ_COMMITTED) {
                connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
            return autoCommit;
        } catch (SQLException e) {
            throw Errors.translate("begin a transaction", e);
        }
    }

    private static void restore(Connection connection, boolean autoCommit) {
        if (autoCommit) {
            try {
                connection.setAutoCommit(true);
            } catch (SQLException ignored) {
                // the pool resets it, or the connection is closed right after
            }
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException | RuntimeException ignored) {
            // the transaction ends with the connection; the first failure is the one reported
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException | RuntimeException ignored) {
            // nothing more to release
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> RuntimeException sneaky(Throwable failure) throws E {
        throw (E) failure;
    }

    /** Marks the storage closed; the host's {@link DataSource} is left open. */
    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "JdbcStorage[" + dialect + "]";
    }

    /** Configures a {@link JdbcStorage}. Each option may be set once. */
    public static final class Builder {
        private final DataSource dataSource;
        private Boolean migrate;

        private Builder(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        /**
         * Whether {@link #build} applies the shipped schema migrations (default true). Set false
         * when the schema is managed elsewhere: the scripts are in the jar under
         * {@code org/patientportal/jdbc/migration/}.
         *
         * @throws IllegalStateException if it was set already
         */
        public Builder migrate(boolean migrate) {
            if (this.migrate != null) {
                throw new IllegalStateException("migrate was already set");
            }
            this.migrate = migrate;
            return this;
        }

        /**
         * Detects the database, migrates the schema (unless told not to) and returns the storage,
         * its classes loaded (and, on PostgreSQL, the driver's array decoding) so that its first
         * transactions do not load them.
         *
         * @throws StorageException if the database cannot be reached, is not supported, or an
         *                          applied migration differs from the shipped one
         */
        public JdbcStorage build() {
            Dialect dialect;
            boolean setIsolation;
            try (Connection connection = dataSource.getConnection()) {
                dialect = Dialect.detect(connection.getMetaData());
                // Checked once: on PostgreSQL asking for (and setting) the level costs a round trip,
                // so it is set on every transaction only when the pool's connections are not at READ COMMITTED.
                setIsolation = dialect == Dialect.POSTGRESQL
                        && connection.getTransactionIsolation() != Connection.TRANSACTION_READ_COMMITTED;
                if (dialect == Dialect.POSTGRESQL) {
                    readArrayOnce(connection);
                }
            } catch (SQLException e) {
                throw Errors.translate("connect to the database", e);
            }
            if (migrate == null || migrate) {
                new Migrator(dialect).migrate(dataSource);
            }
            JdbcTransaction.prepareClasses();
            return new JdbcStorage(dataSource, dialect, setIsolation);
        }

        /**
         * Reads an empty UUID array, as slots are read: the driver's array decoding (a score of
         * classes) is then loaded here rather than in the first request that reads a slot. A
         * constant query: it reads no table and writes nothing.
         */
        private static void readArrayOnce(Connection connection) throws SQLException {
            try (Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("SELECT CAST('{}' AS uuid[]) AS ids")) {
                if (row.next()) {
                    Sql.uuids(row, "ids");
                }
            }
        }
    }
}
