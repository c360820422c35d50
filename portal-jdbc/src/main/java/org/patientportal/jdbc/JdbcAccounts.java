package org.patientportal.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.patientportal.model.Account;
import org.patientportal.model.AccountId;
import org.patientportal.model.AccountStatus;
import org.patientportal.model.PatientId;
import org.patientportal.spi.storage.Accounts;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.LoginLockout;
import org.patientportal.spi.storage.OptimisticLockException;

/** {@link Accounts} on the {@code accounts} table. */
final class JdbcAccounts implements Accounts {
    private static final String COLUMNS = "id, patient_id, username, username_key, password_hash, status,"
            + " failed_login_count, last_failed_login_at, created_at, password_changed_at, version";
    /** Every column of the accounts. */
    static final String SELECT = "SELECT " + COLUMNS + " FROM accounts";
    /** The account of one patient. */
    static final String FIND_BY_PATIENT = SELECT + " WHERE patient_id = ?";
    private static final String INSERT = "INSERT INTO accounts (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /** Everything but the failed-login counter and its time (AU-5 writes those atomically). */
    private static final String SET = "patient_id = ?, username = ?, username_key = ?, password_hash = ?, status = ?,"
            + " created_at = ?, password_changed_at = ?, version = version + 1 WHERE id = ? AND version = ?";
    private static final String FAILURE_SET =
            "failed_login_count = failed_login_count + 1, last_failed_login_at = ? WHERE id = ?";

    private static final String INSTANT = "CAST(? AS TIMESTAMP WITH TIME ZONE)";

    private final JdbcTransaction tx;

    JdbcAccounts(JdbcTransaction tx) {
        this.tx = tx;
    }

    @Override
    public void insert(Account account) {
        Objects.requireNonNull(account, "account");
        if (account.version() != 0) {
            throw new IllegalArgumentException("a new account has version 0");
        }
        String sql = tx.postgres() ? INSERT + " ON CONFLICT DO NOTHING" : INSERT;
        int rows = tx.update("add account", sql, p -> p.uuid(account.id().value())
                .uuid(account.patientId().value()).text(account.username()).text(account.usernameKey())
                .text(account.passwordHash()).text(account.status()).integer(account.failedLoginCount())
                .instant(account.lastFailedLoginAt()).instant(account.createdAt())
                .instant(account.passwordChangedAt()).bigint(0));
        if (rows == 0) {
            throw new DuplicateKeyException(
                    "Could not add account: the id or the username is taken, or the patient has an account");
        }
    }

    @Override
    public Optional<Account> find(AccountId id) {
        Objects.requireNonNull(id, "id");
        return tx.queryOne("find account", "SELECT " + COLUMNS + " FROM accounts WHERE id = ?",
                p -> p.uuid(id.value()), JdbcAccounts::map);
    }

    @Override
    public Optional<Account> findByUsernameKey(String usernameKey) {
        Objects.requireNonNull(usernameKey, "usernameKey");
        return tx.queryOne("find account by username", "SELECT " + COLUMNS + " FROM accounts WHERE username_key = ?",
                p -> p.text(usernameKey), JdbcAccounts::map);
    }

    @Override
    public Optional<Account> findByPatient(PatientId patientId) {
        Objects.requireNonNull(patientId, "patientId");
        return tx.queryOne("find account by patient", FIND_BY_PATIENT,
                p -> p.uuid(patientId.value()), JdbcAccounts::map);
    }

    @Override
    public Account update(Account account) {
        Objects.requireNonNull(account, "account");
        Sql.Binder binder = p -> p.uuid(account.patientId().value()).text(account.username())
                .text(account.usernameKey()).text(account.passwordHash()).text(account.status())
                .instant(account.createdAt()).instant(account.passwordChangedAt()).uuid(account.id().value())
                .bigint(account.version());
        Optional<Account> updated;
        if (tx.postgres()) {
            // Not in a savepoint (two more round trips on a frequent write): the contract has no
            // username change, and a clash would still fail the write, and then the transaction.
            updated = tx.queryOne("change account", "UPDATE accounts SET " + SET + " RETURNING " + COLUMNS,
                    binder, JdbcAccounts::map);
        } else {
            updated = tx.update("change account", "UPDATE accounts SET " + SET, binder) == 0
                    ? Optional.empty() : find(account.id());
        }
        return updated.orElseThrow(() ->
                new OptimisticLockException("Could not change account: stale version or no such account"));
    }

    @Override
    public int recordLoginFailure(AccountId id, Instant at, LoginLockout lockout) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(lockout, "lockout");
        // One conditional write (AU-5): the WHERE clause is the "not locked at `at`" decision, so
        // it is re-checked on the latest row by every writer that waited for the row lock, and a
        // refused attempt writes nothing.
        String sql = "UPDATE accounts SET " + FAILURE_SET + notLocked(lockout);
        Sql.Binder binder = p -> {
            p.instant(at).uuid(id.value());
            for (Duration step : lockout.steps()) {
                p.instant(at.minus(step));
            }
        };
        if (tx.postgres()) {
            Optional<Integer> count = tx.queryOne("record login failure", sql + " RETURNING failed_login_count",
                    binder, row -> row.getInt(1));
            if (count.isPresent()) {
                return count.get();
            }
        } else if (tx.update("record login failure", sql, binder) > 0) {
            // H2: the update locks the row until the end of the transaction, so the read sees this count.
            return tx.queryOne("record login failure", "SELECT failed_login_count FROM accounts WHERE id = ?",
                    p -> p.uuid(id.value()), row -> row.getInt(1)).orElse(-1);
        }
        return tx.queryOne("find account", "SELECT 1 FROM accounts WHERE id = ?", p -> p.uuid(id.value()),
                row -> row.getInt(1)).isPresent() ? 0 : -1;
    }

    /**
     * The condition "not locked at the bound instant" on the row's own count and last failure: the
     * count below the threshold, no failure recorded, or the last failure at or before
     * {@code at - lockout.after(count)} (one bound instant per step, the last one for every count
     * beyond the steps). The counts are the lockout's validated integers, written as literals.
     */
    private static String notLocked(LoginLockout lockout) {
        List<Duration> steps = lockout.steps();
        if (steps.isEmpty()) {
            return "";
        }
        StringBuilder sql = new StringBuilder(" AND (failed_login_count < ").append(lockout.threshold())
                .append(" OR last_failed_login_at IS NULL OR last_failed_login_at <= ");
        if (steps.size() == 1) {
            return sql.append(INSTANT).append(')').toString();
        }
        sql.append("CASE failed_login_count");
        for (int i = 0; i < steps.size() - 1; i++) {
            sql.append(" WHEN ").append((long) lockout.threshold() + i).append(" THEN ").append(INSTANT);
        }
        return sql.append(" ELSE ").append(INSTANT).append(" END)").toString();
    }

    @Override
    public void resetLoginFailures(AccountId id) {
        Objects.requireNonNull(id, "id");
        tx.update("reset login failures",
                "UPDATE accounts SET failed_login_count = 0 WHERE id = ? AND failed_login_count <> 0",
                p -> p.uuid(id.value()));
    }

    static Account map(ResultSet row) throws SQLException {
        return new Account(new AccountId(Sql.uuid(row, "id")), new PatientId(Sql.uuid(row, "patient_id")),
                row.getString("username"), row.getString("username_key"), row.getString("password_hash"),
                Sql.enumValue(row, "status", AccountStatus.class), row.getInt("failed_login_count"),
                Sql.instant(row, "last_failed_login_at"), Sql.instant(row, "created_at"),
                Sql.instant(row, "password_changed_at"), row.getLong("version"));
    }
}
