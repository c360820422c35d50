package org.patientportal.tck;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.patientportal.model.Patient;
import org.patientportal.model.PatientId;
import org.patientportal.spi.storage.PortalStorage;
import org.patientportal.spi.storage.TransactionalWork;
import org.patientportal.spi.storage.TransientStorageException;

/** Small helpers the per-capability contract files share: patients, retried transactions, races. */
final class RecordKitSupport {
    /** Threads in the concurrency contracts. */
    static final int THREADS = 32;
    /** Bound of every wait. */
    static final Duration AWAIT = Duration.ofSeconds(30);
    /** The contracts' "now", at microsecond precision. */
    static final Instant T0 = Instant.parse("2026-03-02T09:15:30.123456Z");
    /** The contracts' "today". */
    static final LocalDate TODAY = LocalDate.of(2026, 3, 2);

    private static final int MAX_ATTEMPTS = 20;
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private RecordKitSupport() {
    }

    /** A new patient, stored. */
    static PatientId patient(PortalStorage storage) {
        int n = SEQUENCE.incrementAndGet();
        PatientId id = PatientId.newId();
        storage.inTransaction(tx -> {
            tx.patients().insert(new Patient(id, "KIT-RX-" + n + "-" + id, "Kit", "Patient", LocalDate.of(1970, 1, 1),
                    "kit-hash", null, null, T0, 0));
            return null;
        });
        return id;
    }

    /** Runs work, again on a {@link TransientStorageException}, as core does. */
    static <T> T retrying(PortalStorage storage, TransactionalWork<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return storage.inTransaction(work);
            } catch (TransientStorageException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** How one task of a race ended. */
    record Outcome<T>(T value, Throwable failure) {
    }

    /** Runs {@code task(0..threads-1)} on as many threads released together, and how each ended. */
    static <T> List<Outcome<T>> race(int threads, IntFunction<T> task) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await(AWAIT.toMillis(), TimeUnit.MILLISECONDS);
                    return task.apply(index);
                }));
            }
            if (!ready.await(AWAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("threads not ready within " + AWAIT);
            }
            go.countDown();
            List<Outcome<T>> outcomes = new ArrayList<>();
            for (Future<T> future : futures) {
                try {
                    outcomes.add(new Outcome<>(future.get(AWAIT.toMillis(), TimeUnit.MILLISECONDS), null));
                } catch (ExecutionException e) {
                    outcomes.add(new Outcome<>(null, e.getCause()));
                } catch (TimeoutException e) {
                    throw new AssertionError("a concurrent task did not complete within " + AWAIT, e);
                }
            }
            return outcomes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The failures of a race. */
    static <T> List<Throwable> failures(List<Outcome<T>> outcomes) {
        return outcomes.stream().map(Outcome::failure).filter(f -> f != null).toList();
    }
}
