package org.patientportal.inmemory;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import org.patientportal.model.Account;
import org.patientportal.model.AccountId;
import org.patientportal.model.PatientId;
import org.patientportal.model.Uuids;
import org.patientportal.spi.storage.Accounts;
import org.patientportal.spi.storage.LoginLockout;

/** One transaction's {@link Accounts}. */
final class InMemoryAccounts implements Accounts {
    /** Committed accounts, unique by id, username key and patient. */
    static final class Data {
        final Table<AccountId, Account> table = new Table<>("account", Account::id, (AccountId l, AccountId r) -> org.patientportal.model.Uuids.compareUnsigned(l.value(), r.value()));
        final Unique<AccountId, Account, String> usernameKey = table.unique("usernameKey", Account::usernameKey);
        final Unique<AccountId, Account, PatientId> patient = table.unique("patient", Account::patientId);
    }

    private final Data data;
    private final TableTx<AccountId, Account> rows;

    InMemoryAccounts(Data data, Transaction tx) {
        this.data = data;
        this.rows = TableTx.open(data.table, tx);
    }

    @Override
    public void insert(Account account) {
        Objects.requireNonNull(account, "account");
        if (account.version() != 0) {
            throw new IllegalArgumentException("a new account has version 0");
        }
        rows.insert(account);
    }

    @Override
    public Optional<Account> find(AccountId id) {
        Objects.requireNonNull(id, "id");
        return rows.find(id);
    }

    @Override
    public Optional<Account> findByUsernameKey(String usernameKey) {
        Objects.requireNonNull(usernameKey, "usernameKey");
        return rows.findBy(data.usernameKey, usernameKey);
    }

    @Override
    public Optional<Account> findByPatient(PatientId patientId) {
        Objects.requireNonNull(patientId, "patientId");
        return rows.findBy(data.patient, patientId);
    }

    @Override
    public Account update(Account account) {
        Objects.requireNonNull(account, "account");
        Account current = rows.lockAtVersion(account.id(), account.version(), Account::version, "account");
        Account stored = new Account(account.id(), account.patientId(), account.username(), account.usernameKey(),
                account.passwordHash(), account.status(), current.failedLoginCount(), current.lastFailedLoginAt(),
                account.createdAt(), account.passwordChangedAt(), current.version() + 1);
        rows.replace(current, stored);
        return stored;
    }

    @Override
    public int recordLoginFailure(AccountId id, Instant at, LoginLockout lockout) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(lockout, "lockout");
        Account current = rows.lockAndRead(id);
        if (current == null) {
            return -1;
        }
        if (lockout.lockedAt(current.failedLoginCount(), current.lastFailedLoginAt(), at)) {
            return 0;
        }
        int count = current.failedLoginCount() + 1;
        rows.replace(current, withFailures(current, count, at));
        return count;
    }

    @Override
    public void resetLoginFailures(AccountId id) {
        Objects.requireNonNull(id, "id");
        Account current = rows.lockAndRead(id);
        if (current != null && current.failedLoginCount() != 0) {
            rows.replace(current, withFailures(current, 0, current.lastFailedLoginAt()));
        }
    }

    private static Account withFailures(Account a, int count, Instant at) {
        return new Account(a.id(), a.patientId(), a.username(), a.usernameKey(), a.passwordHash(), a.status(),
                count, at, a.createdAt(), a.passwordChangedAt(), a.version());
    }
}
