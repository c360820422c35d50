package org.patientportal.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.model.Patient;
import org.patientportal.model.PatientId;
import org.patientportal.model.ResultReleaseDelay;
import org.patientportal.spi.storage.PortalStorage;
import org.patientportal.spi.storage.StorageTransaction;
import org.patientportal.spi.storage.TransactionalWork;
import org.patientportal.spi.storage.TransientStorageException;

/**
 * Contracts of the patient's own release delay on {@link org.patientportal.spi.storage.TestResults}
 * (RS-2, patient-requested): absent until set, round trip, replaced whole by a later setting, per
 * patient, rolled back with its transaction, and concurrent settings of one patient both succeed with
 * one of them stored. Run by {@link StorageCompatibilityKit} as a nested class.
 */
public abstract class ResultReleaseDelayContracts {
    private static final Instant T0 = Instant.parse("2026-03-02T09:15:30.123456Z");
    private static final int MAX_ATTEMPTS = 20;

    private PatientId patient;

    /** For subclasses. */
    protected ResultReleaseDelayContracts() {
    }

    /**
     * The storage under test, fresh for each test.
     *
     * @return the storage
     */
    protected abstract PortalStorage storage();

    @BeforeEach
    void insertPatient() {
        patient = newPatient();
    }

    @Test
    @DisplayName("a patient who never set a delay has none stored (RS-2)")
    void absent() {
        assertThat(stored(patient)).isEmpty();
    }

    @Test
    @DisplayName("a release delay round-trips, and a later setting replaces it whole (RS-2)")
    void roundTripAndReplace() {
        ResultReleaseDelay first = new ResultReleaseDelay(patient, 7, T0, "account-1");
        put(first);
        assertThat(stored(patient)).contains(first);

        ResultReleaseDelay second = new ResultReleaseDelay(patient, 0, T0.plusSeconds(60), "account-2");
        put(second);
        assertThat(stored(patient)).contains(second);
    }

    @Test
    @DisplayName("one patient's release delay is not another's (RS-2)")
    void perPatient() {
        PatientId other = newPatient();
        put(new ResultReleaseDelay(patient, 3, T0, "account-1"));
        assertThat(stored(other)).isEmpty();
    }

    @Test
    @DisplayName("a release delay set in a rolled-back transaction is not stored (RS-2)")
    void rolledBack() {
        assertThatThrownBy(() -> inTx((StorageTransaction tx) -> {
            tx.testResults().putReleaseDelay(new ResultReleaseDelay(patient, 5, T0, "account-1"));
            throw new IllegalStateException("roll back");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(stored(patient)).isEmpty();
    }

    @Test
    @DisplayName("two first settings of one patient racing from two threads both succeed and one of them stays (RS-2)")
    void concurrentFirstSettings() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int days : new int[] {4, 9}) {
                done.add(pool.submit(() -> {
                    start.await();
                    retrying((StorageTransaction tx) -> {
                        tx.testResults().putReleaseDelay(new ResultReleaseDelay(patient, days, T0, "account-" + days));
                        return null;
                    });
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(stored(patient)).hasValueSatisfying(
                d -> assertThat(d.days()).isIn(4, 9));
    }

    private Optional<ResultReleaseDelay> stored(PatientId of) {
        return inTx((StorageTransaction tx) -> tx.testResults().releaseDelay(of));
    }

    private void put(ResultReleaseDelay delay) {
        inTx((StorageTransaction tx) -> {
            tx.testResults().putReleaseDelay(delay);
            return null;
        });
    }

    private PatientId newPatient() {
        Patient p = new Patient(PatientId.newId(), "MRN-RD-" + UUID.randomUUID(), "Ada", "Lovelace",
                LocalDate.of(1984, 2, 29), "ssn4-" + UUID.randomUUID(), null, null, T0, 0);
        inTx((StorageTransaction tx) -> {
            tx.patients().insert(p);
            return null;
        });
        return p.id();
    }

    private <T> T inTx(TransactionalWork<T> work) {
        return storage().inTransaction(work);
    }

    private <T> T retrying(TransactionalWork<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return storage().inTransaction(work);
            } catch (TransientStorageException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
