package org.patientportal.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.model.Account;
import org.patientportal.model.ActivationCodeRecord;
import org.patientportal.model.Patient;
import org.patientportal.model.SessionRecord;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.LoginLockout;

/** Transactions: atomicity, isolation, no nesting. */
abstract class TransactionContracts extends KitSupport {
    @Test
    @DisplayName("the work's result is returned and all its writes commit together")
    void commitsTogether() {
        Patient patient = patient();
        Account account = account(patient.id());
        String result = write(tx -> {
            tx.patients().insert(patient);
            tx.accounts().insert(account);
            return "done";
        });
        assertThat(result).isEqualTo("done");
        check(tx -> assertThat(tx.patients().find(patient.id())).contains(patient));
        check(tx -> assertThat(tx.accounts().find(account.id())).contains(account));
    }

    @Test
    @DisplayName("atomicity: an exception thrown by the work leaves nothing behind in any of the seventeen stores and is rethrown as is")
    void rollbackLeavesNothing() {
        Everything everything = new Everything();
        KitFailure failure = new KitFailure();
        Throwable thrown = catchThrowable(() -> storage().inTransaction(tx -> {
            everything.insertAll(tx);
            throw failure;
        }));
        assertThat(thrown).isSameAs(failure);
        everything.assertAbsent();

        // Nothing is left locked or reserved either: the very same rows can be written now.
        run(everything::insertAll);
        everything.assertPresent();
    }

    @Test
    @DisplayName("a store's failure inside the work, propagated, rolls back the work's earlier writes")
    void storeFailureRollsBack() {
        Patient first = patient();
        run(tx -> tx.patients().insert(first));
        Patient second = patient();
        Patient sameMrn = patient(first.mrn());
        assertThatThrownBy(() -> run(tx -> {
            tx.patients().insert(second);
            tx.patients().insert(sameMrn);
        })).isInstanceOf(DuplicateKeyException.class);
        check(tx -> assertThat(tx.patients().find(second.id())).isEmpty());
        check(tx -> assertThat(tx.patients().find(sameMrn.id())).isEmpty());
        check(tx -> assertThat(tx.patients().findByMrn(first.mrn())).contains(first));
    }

    @Test
    @DisplayName("a rolled-back work leaves counters, codes and sessions unchanged (EN-4, EN-6, AU-5, AU-6)")
    void rollbackKeepsCounters() {
        Patient patient = patient();
        Account account = account(patient.id());
        ActivationCodeRecord code = code(patient.id());
        SessionRecord session = session(account.id());
        run(tx -> {
            tx.patients().insert(patient);
            tx.accounts().insert(account);
            tx.activationCodes().insert(code);
            tx.sessions().insert(session);
        });
        assertThatThrownBy(() -> run(tx -> {
            assertThat(tx.activationCodes().recordFailedAttempt(code.id())).isEqualTo(1);
            assertThat(tx.accounts().recordLoginFailure(account.id(), at(60), LoginLockout.none())).isEqualTo(1);
            assertThat(tx.activationCodes().consume(code.id(), at(60))).isTrue();
            assertThat(tx.sessions().revoke(session.id(), at(60))).isTrue();
            throw new KitFailure();
        })).isInstanceOf(KitFailure.class);

        check(tx -> assertThat(tx.activationCodes().find(code.id())).contains(code));
        check(tx -> assertThat(tx.accounts().find(account.id())).contains(account));
        check(tx -> assertThat(tx.sessions().find(session.id())).contains(session));
        run(tx -> assertThat(tx.activationCodes().recordFailedAttempt(code.id())).isEqualTo(1));
        run(tx -> assertThat(tx.activationCodes().consume(code.id(), at(120))).isTrue());
    }

    @Test
    @DisplayName("uncommitted writes are visible to their own transaction and invisible to others until commit")
    void readCommitted() throws Exception {
        Patient patient = patient();
        CountDownLatch written = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Boolean> writer = pool.submit(() -> write(tx -> {
                tx.patients().insert(patient);
                boolean seesOwn = tx.patients().find(patient.id()).isPresent()
                        && tx.patients().findByMrn(patient.mrn()).isPresent();
                written.countDown();
                await(release);
                return seesOwn;
            }));
            await(written);
            try {
                Future<List<Object>> reader = pool.submit(() -> write(tx -> List.<Object>of(
                        tx.patients().find(patient.id()),
                        tx.patients().findByMrn(patient.mrn()),
                        tx.patients().page(null, 10))));
                assertThat(get(reader)).containsExactly(Optional.empty(), Optional.empty(), List.of());
                assertThat(writer.isDone()).as("the writer is still open").isFalse();
            } finally {
                release.countDown();
            }
            assertThat(get(writer)).as("the writer sees its own insert").isTrue();
            check(tx -> assertThat(tx.patients().find(patient.id())).contains(patient));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("readers do not wait for a writer's row lock: they see the last committed row")
    void readersDoNotWait() throws Exception {
        Patient patient = patient();
        run(tx -> tx.patients().insert(patient));
        Patient renamed = new Patient(patient.id(), patient.mrn(), "Augusta", patient.familyName(),
                patient.birthDate(), patient.ssn4Hash(), patient.email(), patient.mobile(), patient.registeredAt(), 0);
        CountDownLatch written = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Patient> writer = pool.submit(() -> write(tx -> {
                Patient stored = tx.patients().update(renamed);
                written.countDown();
                await(release);
                return stored;
            }));
            await(written);
            try {
                Future<Optional<Patient>> reader = pool.submit(() -> read(tx -> tx.patients().find(patient.id())));
                assertThat(get(reader)).contains(patient);
            } finally {
                release.countDown();
            }
            assertThat(get(writer).version()).isEqualTo(1);
            check(tx -> assertThat(tx.patients().find(patient.id())).contains(renamed.withVersion(1)));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("transactions do not nest: inTransaction inside a work fails with IllegalStateException")
    void doNotNest() {
        Patient patient = patient();
        Throwable nested = write(tx -> {
            tx.patients().insert(patient);
            return catchThrowable(() -> storage().inTransaction(inner -> inner.patients().find(patient.id())));
        });
        assertThat(nested).isInstanceOf(IllegalStateException.class);
        check(tx -> assertThat(tx.patients().find(patient.id())).as("the outer work still commits").contains(patient));
    }
}
