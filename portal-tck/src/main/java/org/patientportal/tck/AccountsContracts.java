package org.patientportal.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.model.Account;
import org.patientportal.model.AccountId;
import org.patientportal.model.AccountStatus;
import org.patientportal.model.Patient;
import org.patientportal.model.PatientId;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.LoginLockout;
import org.patientportal.spi.storage.OptimisticLockException;

/** The {@code Accounts} store (AU-1, AU-5, EN-8). */
abstract class AccountsContracts extends KitSupport {
    @Test
    @DisplayName("an account round-trips every field through find, findByUsernameKey and findByPatient")
    void roundTrip() {
        Patient p1 = patient();
        Patient p2 = patient();
        Account fresh = account(p1.id());
        Account used = new Account(AccountId.newId(), p2.id(), "Grace.H", unique("grace.h"), "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g",
                AccountStatus.DISABLED, 3, at(-30), at(-3600), at(-60), 0);
        run(tx -> {
            tx.patients().insert(p1);
            tx.patients().insert(p2);
            tx.accounts().insert(fresh);
            tx.accounts().insert(used);
        });
        for (Account a : List.of(fresh, used)) {
            check(tx -> assertThat(tx.accounts().find(a.id())).contains(a));
            check(tx -> assertThat(tx.accounts().findByUsernameKey(a.usernameKey())).contains(a));
            check(tx -> assertThat(tx.accounts().findByPatient(a.patientId())).contains(a));
        }
    }

    @Test
    @DisplayName("an unknown id, username key or patient finds nothing")
    void unknown() {
        Patient patient = patient();
        Account account = account(patient.id());
        run(tx -> {
            tx.patients().insert(patient);
            tx.accounts().insert(account);
        });
        check(tx -> assertThat(tx.accounts().find(AccountId.newId())).isEmpty());
        check(tx -> assertThat(tx.accounts().findByUsernameKey(account.usernameKey() + "x")).isEmpty());
        check(tx -> assertThat(tx.accounts().findByPatient(PatientId.newId())).isEmpty());
    }

    @Test
    @DisplayName("a taken id is a duplicate key")
    void duplicateId() {
        Patient p1 = insertPatient();
        Patient p2 = insertPatient();
        Account account = account(p1.id());
        run(tx -> tx.accounts().insert(account));
        Account sameId = new Account(account.id(), p2.id(), "other", unique("other"), account.passwordHash(),
                AccountStatus.ACTIVE, 0, null, T0, T0, 0);
        assertThatThrownBy(() -> run(tx -> tx.accounts().insert(sameId))).isInstanceOf(DuplicateKeyException.class);
        check(tx -> assertThat(tx.accounts().findByPatient(p2.id())).isEmpty());
    }

    @Test
    @DisplayName("a taken username key is a duplicate key (AU-1)")
    void duplicateUsernameKey() {
        Patient p1 = insertPatient();
        Patient p2 = insertPatient();
        Account account = account(p1.id());
        run(tx -> tx.accounts().insert(account));
        Account sameKey = withUsernameKey(account(p2.id()), account.usernameKey());
        assertThatThrownBy(() -> run(tx -> tx.accounts().insert(sameKey))).isInstanceOf(DuplicateKeyException.class);
        check(tx -> assertThat(tx.accounts().findByUsernameKey(account.usernameKey())).contains(account));
    }

    @Test
    @DisplayName("a second account for one patient is a duplicate key (EN-8)")
    void oneAccountPerPatient() {
        Patient patient = insertPatient();
        Account account = account(patient.id());
        run(tx -> tx.accounts().insert(account));
        assertThatThrownBy(() -> run(tx -> tx.accounts().insert(account(patient.id()))))
                .isInstanceOf(DuplicateKeyException.class);
        check(tx -> assertThat(tx.accounts().findByPatient(patient.id())).contains(account));
    }

    @Test
    @DisplayName("of " + THREADS + " concurrent inserts of distinct accounts with one username key exactly one commits (AU-1)")
    void concurrentUsernameKey() throws Exception {
        List<Patient> patients = insertPatients(THREADS);
        String key = unique("jdoe");
        List<Outcome<AccountId>> outcomes = concurrently(THREADS, i -> {
            Account account = withUsernameKey(account(patients.get(i).id()), key);
            return writeRetrying(tx -> {
                tx.accounts().insert(account);
                return account.id();
            });
        });
        assertThat(successes(outcomes)).hasSize(1);
        assertThat(failures(outcomes)).hasSize(THREADS - 1).allMatch(DuplicateKeyException.class::isInstance);
        assertThat(read(tx -> tx.accounts().findByUsernameKey(key)).map(Account::id))
                .contains(successes(outcomes).get(0));
    }

    @Test
    @DisplayName("of " + THREADS + " concurrent inserts of accounts for one patient exactly one commits (EN-8)")
    void concurrentOnePerPatient() throws Exception {
        Patient patient = insertPatient();
        List<Outcome<AccountId>> outcomes = concurrently(THREADS, i -> {
            Account account = account(patient.id());
            return writeRetrying(tx -> {
                tx.accounts().insert(account);
                return account.id();
            });
        });
        assertThat(successes(outcomes)).hasSize(1);
        assertThat(failures(outcomes)).hasSize(THREADS - 1).allMatch(DuplicateKeyException.class::isInstance);
        assertThat(read(tx -> tx.accounts().findByPatient(patient.id())).map(Account::id))
                .contains(successes(outcomes).get(0));
    }

    @Test
    @DisplayName("update replaces the account, increases the version by one and leaves the failed-login counter alone")
    void update() {
        Patient patient = insertPatient();
        Account account = account(patient.id());
        run(tx -> tx.accounts().insert(account));
        run(tx -> assertThat(tx.accounts().recordLoginFailure(account.id(), at(10), LoginLockout.none())).isEqualTo(1));
        Account changed = new Account(account.id(), account.patientId(), account.username(), account.usernameKey(),
                "$argon2id$v=19$m=65536,t=3,p=1$bmV3c2FsdA$bmV3aGFzaA", AccountStatus.DISABLED, 0, null,
                account.createdAt(), at(20), 0);
        Account stored = write(tx -> tx.accounts().update(changed));
        Account expected = new Account(account.id(), account.patientId(), account.username(), account.usernameKey(),
                changed.passwordHash(), AccountStatus.DISABLED, 1, at(10), account.createdAt(), at(20), 1);
        assertThat(stored).isEqualTo(expected);
        check(tx -> assertThat(tx.accounts().find(account.id())).contains(expected));
    }

    @Test
    @DisplayName("an update from a stale version, or of a missing account, fails with an optimistic-lock exception")
    void staleUpdate() {
        Patient patient = insertPatient();
        Account account = account(patient.id());
        run(tx -> tx.accounts().insert(account));
        Account stored = write(tx -> tx.accounts().update(account.withStatus(AccountStatus.DISABLED)));
        assertThatThrownBy(() -> write(tx -> tx.accounts().update(account.withPasswordHash("$stale$hash", at(5)))))
                .isInstanceOf(OptimisticLockException.class);
        check(tx -> assertThat(tx.accounts().find(account.id())).contains(stored));
        Account ghost = account(PatientId.newId());
        assertThatThrownBy(() -> write(tx -> tx.accounts().update(ghost))).isInstanceOf(OptimisticLockException.class);
    }

    @Test
    @DisplayName("recordLoginFailure without a lockout counts, records when, keeps the version, and answers -1 for an unknown account (AU-5)")
    void recordLoginFailure() {
        Patient patient = insertPatient();
        Account account = account(patient.id());
        run(tx -> tx.accounts().insert(account));
        run(tx -> assertThat(tx.accounts().recordLoginFailure(account.id(), at(1), LoginLockout.none())).isEqualTo(1));
        run(tx -> assertThat(tx.accounts().recordLoginFailure(account.id(), at(2), LoginLockout.none())).isEqualTo(2));
        Account stored = read(tx -> tx.accounts().find(account.id())).orElseThrow();
        assertThat(stored.failedLoginCount()).isEqualTo(2);
        assertThat(stored.lastFailedLoginAt()).isEqualTo(at(2));
        assertThat(stored.version()).isEqualTo(account.version());
        run(tx -> assertThat(tx.accounts().recordLoginFailure(AccountId.newId(), at(3), LoginLockout.none())).isEqualTo(-1));
    }

    @Test
    @DisplayName("recordLoginFailure by " + THREADS + " concurrent threads counts exactly " + THREADS + " (AU-5)")
    void concurrentLoginFailures() throws Exception {
        Patient patient = insertPatient();
        Account account = account(patient.id());
        run(tx -> tx.accounts().insert(account));
        List<Outcome<Integer>> outcomes = concurrently(THREADS,
                i -> writeRetrying(tx -> tx.accounts().recordLoginFailure(account.id(), at(i), LoginLockout.none())));
        assertThat(failures(outcomes)).isEmpty();
        assertThat(successes(outcomes)).containsExactlyInAnyOrderElementsOf(oneTo(THREADS));
        assertThat(read(tx -> tx.accounts().find(account.id())).orElseThrow().failedLoginCount()).isEqualTo(THREADS);
    }

    @Test
    @DisplayName("resetLoginFailures sets the count back to zero and keeps the version (AU-5)")
    void resetLoginFailures() {
        Patient patient = insertPatient();
        Account account = account(patient.id());
        run(tx -> tx.accounts().insert(account));
        run(tx -> {
            tx.accounts().recordLoginFailure(account.id(), at(1), LoginLockout.none());
            tx.accounts().recordLoginFailure(account.id(), at(2), LoginLockout.none());
        });
        run(tx -> tx.accounts().resetLoginFailures(account.id()));
        Account stored = read(tx -> tx.accounts().find(account.id())).orElseThrow();
        assertThat(stored.failedLoginCount()).isZero();
        assertThat(stored.version()).isEqualTo(account.version());
        run(tx -> assertThat(tx.accounts().recordLoginFailure(account.id(), at(3), LoginLockout.none())).isEqualTo(1));
        run(tx -> tx.accounts().resetLoginFailures(AccountId.newId()));
    }
}
