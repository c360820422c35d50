package org.patientportal.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.patientportal.model.AuditChain;
import org.patientportal.model.ChainHead;
import org.patientportal.spi.storage.Accounts;
import org.patientportal.spi.storage.ActivationCodes;
import org.patientportal.spi.storage.AuditTrail;
import org.patientportal.spi.storage.IdempotencyRecords;
import org.patientportal.spi.storage.Outbox;
import org.patientportal.spi.storage.Patients;
import org.patientportal.spi.storage.Preferences;
import org.patientportal.spi.storage.ProxyGrants;
import org.patientportal.spi.storage.Sessions;
import org.patientportal.spi.storage.StorageException;
import org.patientportal.spi.storage.StorageTransaction;

/**
 * One open transaction on one connection, and the statement plumbing every store uses. Each store
 * method runs its statements through {@link #update}, {@link #query} and friends, which translate
 * driver exceptions (see {@link Errors}) and remember, on PostgreSQL, that the transaction can no
 * longer commit.
 */
final class JdbcTransaction implements StorageTransaction {
    private final Connection connection;
    private final Dialect dialect;
    private final Map<AuditChain, ChainHead> lockedHeads = new HashMap<>();
    private boolean open = true;
    private boolean aborted;

    private Patients patients;
    private Accounts accounts;
    private ActivationCodes activationCodes;
    private Sessions sessions;
    private AuditTrail auditTrail;
    private Outbox outbox;
    private IdempotencyRecords idempotencyRecords;
    private ProxyGrants proxyGrants;
    private Preferences preferences;

    JdbcTransaction(Connection connection, Dialect dialect) {
        this.connection = connection;
        this.dialect = dialect;
    }

    @Override
    public Patients patients() {
        checkOpen();
        if (patients == null) {
            patients = new JdbcPatients(this);
        }
        return patients;
    }

    @Override
    public Accounts accounts() {
        checkOpen();
        if (accounts == null) {
            accounts = new JdbcAccounts(this);
        }
        return accounts;
    }

    @Override
    public ActivationCodes activationCodes() {
        checkOpen();
        if (activationCodes == null) {
            activationCodes = new JdbcActivationCodes(this);
        }
        return activationCodes;
    }

    @Override
    public Sessions sessions() {
        checkOpen();
        if (sessions == null) {
            sessions = new JdbcSessions(this);
        }
        return sessions;
    }

    @Override
    public AuditTrail auditTrail() {
        checkOpen();
        if (auditTrail == null) {
            auditTrail = new JdbcAuditTrail(this);
        }
        return auditTrail;
    }

    @Override
    public Outbox outbox() {
        checkOpen();
        if (outbox == null) {
            outbox = new JdbcOutbox(this);
        }
        return outbox;
    }

    @Override
    public IdempotencyRecords idempotencyRecords() {
        checkOpen();
        if (idempotencyRecords == null) {
            idempotencyRecords = new JdbcIdempotencyRecords(this);
        }
        return idempotencyRecords;
    }

    @Override
    public ProxyGrants proxyGrants() {
        checkOpen();
        if (proxyGrants == null) {
            proxyGrants = new JdbcProxyGrants(this);
        }
        return proxyGrants;
    }

    @Override
    public Preferences preferences() {
        checkOpen();
        if (preferences == null) {
            preferences = new JdbcPreferences(this);
        }
        return preferences;
    }

    Dialect dialect() {
        return dialect;
    }

    boolean postgres() {
        return dialect == Dialect.POSTGRESQL;
    }

    /** Heads locked by {@code lockHead} in this transaction, as they stand now. */
    Map<AuditChain, ChainHead> lockedHeads() {
        return lockedHeads;
    }

    /** Ends the transaction's life: any further use of a store fails. */
    void close() {
        open = false;
    }

    /** Whether a statement failed on a database where that aborts the transaction. */
    boolean aborted() {
        return aborted;
    }

    void checkOpen() {
        if (!open) {
            throw new IllegalStateException("The transaction is over: stores are valid only inside the work");
        }
    }

    /** Runs an INSERT, UPDATE or DELETE and returns the row count. */
    int update(String action, String sql, Sql.Binder binder) {
        checkOpen();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(new Sql.Params(statement));
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw failed(action, e);
        }
    }

    /** Runs a query (or a data-changing statement that returns rows) and maps every row. */
    <T> List<T> query(String action, String sql, Sql.Binder binder, Sql.RowMapper<T> mapper) {
        checkOpen();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(new Sql.Params(statement));
            try (ResultSet rows = statement.executeQuery()) {
                List<T> result = new ArrayList<>();
                while (rows.next()) {
                    result.add(mapper.map(rows));
                }
                return result;
            }
        } catch (SQLException e) {
            throw failed(action, e);
        }
    }

    /** Like {@link #query}, for at most one row. */
    <T> Optional<T> queryOne(String action, String sql, Sql.Binder binder, Sql.RowMapper<T> mapper) {
        List<T> rows = query(action, sql, binder, mapper);
        if (rows.size() > 1) {
            throw new StorageException("Could not " + action + ": more than one row");
        }
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /**
     * Runs one statement that may break a unique constraint, such that the failure leaves the
     * transaction usable on PostgreSQL too (inside a savepoint there; H2 undoes a failed statement
     * by itself). For the rare writes that cannot use {@code ON CONFLICT DO NOTHING}.
     */
    <T> List<T> queryGuarded(String action, String sql, Sql.Binder binder, Sql.RowMapper<T> mapper) {
        if (!postgres()) {
            return query(action, sql, binder, mapper);
        }
        checkOpen();
        Savepoint savepoint;
        try {
            savepoint = connection.setSavepoint();
        } catch (SQLException e) {
            throw failed(action, e);
        }
        List<T> result = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(new Sql.Params(statement));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    result.add(mapper.map(rows));
                }
            }
        } catch (SQLException e) {
            try {
                connection.rollback(savepoint);
            } catch (SQLException rollbackFailed) {
                aborted = true;
            }
            throw Errors.translate(action, e);
        }
        try {
            connection.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            throw failed(action, e);
        }
        return result;
    }

    private StorageException failed(String action, SQLException e) {
        if (dialect.failedStatementAbortsTransaction()) {
            aborted = true;
        }
        return Errors.translate(action, e);
    }
}
