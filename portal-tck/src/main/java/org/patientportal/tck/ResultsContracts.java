package org.patientportal.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.model.AbnormalFlag;
import org.patientportal.model.Patient;
import org.patientportal.model.PatientId;
import org.patientportal.model.ResultComponent;
import org.patientportal.model.ResultId;
import org.patientportal.model.ResultKind;
import org.patientportal.model.ResultStatus;
import org.patientportal.model.ResultTrendPoint;
import org.patientportal.model.ResultVersion;
import org.patientportal.model.StartCursor;
import org.patientportal.model.TestResult;
import org.patientportal.model.TrendCursor;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.OptimisticLockException;
import org.patientportal.spi.storage.PortalStorage;
import org.patientportal.spi.storage.StorageTransaction;
import org.patientportal.spi.storage.TransactionalWork;
import org.patientportal.spi.storage.TransientStorageException;

/**
 * Contracts of {@link org.patientportal.spi.storage.TestResults} (RS-1..RS-8): round trips with
 * decimals as sent, one result per (patient, source id) under concurrent first imports, version
 * ordering as a conditional write under concurrent imports, visibility computed at the exact
 * release instant, a hold and a release racing from two threads, keyset pages newest first, and a
 * component's series oldest first. Run by {@link StorageCompatibilityKit} as a nested class.
 */
public abstract class ResultsContracts {
    private static final Instant T0 = Instant.parse("2026-03-02T09:15:30.123456Z");
    private static final Duration AWAIT = Duration.ofSeconds(30);
    private static final int MAX_ATTEMPTS = 20;
    private static final String GLUCOSE = "2345-7";
    private static final String POTASSIUM = "2823-3";

    private PatientId patient;

    /** For subclasses. */
    protected ResultsContracts() {
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
    @DisplayName("a result round-trips every field, decimals and units as sent, and its components in order (RS-1)")
    void roundTrip() {
        TestResult result = TestResult.imported(patient, "LAB-1", panel(ResultId.newId(), 1, T0, "5.40"), T0, true);
        assertThat(inTx((StorageTransaction tx) -> tx.testResults().insertIfAbsent(result))).isTrue();
        TestResult stored = inTx((StorageTransaction tx) -> tx.testResults().find(result.id())).orElseThrow();
        assertThat(stored).isEqualTo(result);
        assertThat(stored.current().components().get(0).numericValue()).isEqualByComparingTo("5.40")
                .satisfies(v -> assertThat(v.scale()).isEqualTo(2));
        assertThat(stored.current().components()).extracting(ResultComponent::code)
                .containsExactly(GLUCOSE, POTASSIUM, "5778-6", "600-7");
        assertThat(inTx((StorageTransaction tx) -> tx.testResults().findBySource(patient, "LAB-1"))).contains(result);
        PatientId other = newPatient();
        assertThat(inTx((StorageTransaction tx) -> tx.testResults().findBySource(other, "LAB-1"))).isEmpty();
        assertThat(inTx((StorageTransaction tx) -> tx.testResults().versions(result.id()))).containsExactly(result.current());
        assertThat(inTx((StorageTransaction tx) -> tx.testResults().find(ResultId.newId()))).isEmpty();

        TestResult imaging = TestResult.imported(patient, "RAD-1", imaging(ResultId.newId(), 1, T0,
                "x".repeat(100_000)), T0.plusSeconds(3600), false);
        assertThat(inTx((StorageTransaction tx) -> tx.testResults().insertIfAbsent(imaging))).isTrue();
        assertThat(inTx((StorageTransaction tx) -> tx.testResults().find(imaging.id()))).contains(imaging);
    }

    @Test
    @DisplayName("a second first import of a source id inserts nothing; a taken id is a duplicate key (RS-8)")
    void oneResultPerSource() {
        TestResult first = TestResult.imported(patient, "LAB-2", panel(ResultId.newId(), 1, T0, "5.4"), T0, true);
        TestResult again = TestResult.imported(patient, "LAB-2", panel(ResultId.newId(), 1, T0, "9.9"), T0, true);
        assertThat(inTx((StorageTransaction tx) -> tx.testResults().insertIfAbsent(first))).isTrue();
        assertThat(inTx((StorageTransaction tx) -> tx.testResults().insertIfAbsent(again))).isFalse();
        assertThat(inTx((StorageTransaction tx) -> tx.testResults().find(again.id()))).isEmpty();
        PatientId other = newPatient();
        TestResult sameId = TestResult.imported(other, "LAB-3", panel(first.id(), 1, T0, "1"), T0, true);
        assertThatThrownBy(() -> inTx((StorageTransaction tx) -> tx.testResults().insertIfAbsent(sameId)))
                .isInstanceOf(DuplicateKeyException.class);
        TestResult otherPatient = TestResult.imported(other, "LAB-2", panel(ResultId.newId(), 1, T0, "1"), T0, true);
        assertThat(inTx((StorageTransaction tx) -> tx.testResults().insertIfAbsent(otherPatient))).isTrue();
    }

    @Test
    @DisplayName("concurrent first imports of one source id insert exactly one result (RS-8)")
    void concurrentFirstImports() {
        List<TestResult> candidates = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            candidates.add(TestResult.imported(patient, "LAB-RACE", panel(ResultId.newId(), 1, T0, "5." + i), T0,
                    true));
        }
        List<Boolean> inserted = race(candidates.size(),
                i -> inTxRetrying((StorageTransaction tx) -> tx.testResults().insertIfAbsent(candidates.get(i))));
        assertThat(inserted).containsOnlyOnce(true);
        TestResult winner = candidates.get(inserted.indexOf(true));
        assertThat(inTx((StorageTransaction tx) -> tx.testResults().findBySource(patient, "LAB-RACE"))).contains(winner);
        assertThat(inTx((StorageTransaction tx) -> tx.testResults().all(patient, null, 100))).containsExactly(winner);
    }

    @Test
    @DisplayName("advance keeps history and never lets an older or equal version win (RS-3, RS-8)")
    void versionOrdering() {
        ResultId id = ResultId.newId();
        TestResult v2 = TestResult.imported(patient, "LAB-4", panel(id, 2, T0, "5.4"), T0, true);
        inTx((StorageTransaction tx) -> tx.testResults().insertIfAbsent(v2));
        for (long older : new long[] {1, 2}) {
            TestResult stale = v2.withCurrent(panel(id, older, T0, "1.0"), null, true);
            assertThat(inTx((StorageTransaction tx) -> tx.testResults().advance(stale))).as("version %s", older).isEmpty();
        }
        assertThat(inTx((StorageTransaction tx) -> tx.testResults().find(id))).contains(v2);

        TestResult read = inTx((StorageTransaction tx) -> tx.testResults().update(v2.withReadAt(T0.plusSeconds(60))));
        ResultVersion corrected = version(id, 5, T0.plusSeconds(7200), ResultStatus.CORRECTED, "6.1");
        TestResult next = read.withCurrent(corrected, null, false);
        TestResult stored = inTx((StorageTransaction tx) -> tx.testResults().advance(next)).orElseThrow();
        assertThat(stored.current()).isEqualTo(corrected);
        assertThat(stored.versionCount()).isEqualTo(2);
        assertThat(stored.readAt()).isNull();
        assertThat(stored.releaseNotified()).isFalse();
        assertThat(stored.version()).isEqualTo(read.version() + 1);
        assertThat(stored.releaseAt()).isEqualTo(read.releaseAt());
        assertThat(inTx((StorageTransaction tx) -> tx.testResults().find(id))).contains(stored);
        assertThat(inTx((StorageTransaction tx) -> tx.testResults().versions(id))).extracting(ResultVersion::sourceVersion)
                .containsExactly(5L, 2L);
        assertThat(inTx((StorageTransaction tx) -> tx.testResults().versions(id)).get(1)).isEqualTo(v2.current());
        assertThat(inTx((StorageTransaction tx) -> tx.testResults().advance(next))).as("re-sent").isEmpty();
        assertThat(inTx((StorageTransaction tx) -> tx.testResults().advance(TestResult.imported(patient, "LAB-X",
                panel(ResultId.newId(), 9, T0, "1"), T0, true)))).as("no such result").isEmpty();
    }

    @Test
    @DisplayName("concurrent imports of versions 2..13 in any order end at version 13, with every applied version in history (RS-8)")
    void concurrentImports() {
        ResultId id = ResultId.newId();
        TestResult first = TestResult.imported(patient, "LAB-5", panel(id, 1, T0, "5.0"), T0, true);
        inTx((StorageTransaction tx) -> tx.testResults().insertIfAbsent(first));
        List<Long> versions = new ArrayList<>();
        for (long v = 2; v <= 13; v++) {
            versions.add(v);
        }
        Collections.shuffle(versions);
        List<Optional<TestResult>> outcomes = race(versions.size(), i -> inTxRetrying((StorageTransaction tx) -> tx.testResults()
                .advance(first.withCurrent(panel(id, versions.get(i), T0, "5." + versions.get(i)), null, true))));
        TestResult stored = inTx((StorageTransaction tx) -> tx.testResults().find(id)).orElseThrow();
        assertThat(stored.current().sourceVersion()).isEqualTo(13);
        assertThat(stored.current().components().get(0).numericValue()).isEqualByComparingTo("5.13");
        List<ResultVersion> history = inTx((StorageTransaction tx) -> tx.testResults().versions(id));
        assertThat(history).extracting(ResultVersion::sourceVersion).isSortedAccordingTo(Collections.reverseOrder())
                .startsWith(13L).endsWith(1L).doesNotHaveDuplicates();
        long applied = outcomes.stream().filter(Optional::isPresent).count();
        assertThat(history).hasSize((int) applied + 1);
        assertThat(stored.versionCount()).isEqualTo(history.size());
    }

    @Test
    @DisplayName("visibility is computed at read time: not before the release instant, at it exactly, not while held or entered in error (RS-6)")
    void visibilityAtTheInstant() {
        Instant releaseAt = T0.plus(Duration.ofDays(3));
        TestResult delayed = TestResult.imported(patient, "LAB-6", panel(ResultId.newId(), 1, T0, "5.5"), releaseAt,
                true);
        inTx((StorageTransaction tx) -> tx.testResults().insertIfAbsent(delayed));
        Instant justBefore = releaseAt.minus(1, ChronoUnit.MICROS);
        assertThat(inTx((StorageTransaction tx) -> tx.testResults().visible(patient, justBefore, null, 10))).isEmpty();
        assertThat(inTx((StorageTransaction tx) -> tx.testResults().trend(patient, GLUCOSE, justBefore, null, 10))).isEmpty();
        assertThat(inTx((StorageTransaction tx) -> tx.testResults().visible(patient, releaseAt, null, 10))).containsExactly(delayed);
        assertThat(inTx((StorageTransaction tx) -> tx.testResults().trend(patient, GLUCOSE, releaseAt, null, 10))).hasSize(1);
        assertThat(inTx((StorageTransaction tx) -> tx.testResults().all(patient, null, 10))).containsExactly(delayed);

        TestResult held = inTx((StorageTransaction tx) -> tx.testResults().update(delayed.withRelease(delayed.releaseAt(), "harm review",
                "doc-1", T0, false)));
        Instant later = releaseAt.plus(Duration.ofDays(30));
        assertThat(inTx((StorageTransaction tx) -> tx.testResults().visible(patient, later, null, 10))).isEmpty();
        assertThat(inTx((StorageTransaction tx) -> tx.testResults().trend(patient, GLUCOSE, later, null, 10))).isEmpty();
        assertThat(inTx((StorageTransaction tx) -> tx.testResults().all(patient, null, 10))).containsExactly(held);

        TestResult lifted = inTx((StorageTransaction tx) -> tx.testResults().update(held.withRelease(held.releaseAt(), null, null, null,
                true)));
        assertThat(inTx((StorageTransaction tx) -> tx.testResults().visible(patient, later, null, 10))).containsExactly(lifted);

        TestResult inError = lifted.withCurrent(version(lifted.id(), 2, T0, ResultStatus.ENTERED_IN_ERROR, "5.5"),
                null, false);
        TestResult gone = inTx((StorageTransaction tx) -> tx.testResults().advance(inError)).orElseThrow();
        assertThat(inTx((StorageTransaction tx) -> tx.testResults().visible(patient, later, null, 10))).isEmpty();
        assertThat(inTx((StorageTransaction tx) -> tx.testResults().trend(patient, GLUCOSE, later, null, 10))).isEmpty();
        assertThat(inTx((StorageTransaction tx) -> tx.testResults().all(patient, null, 10))).containsExactly(gone);
    }

    @Test
    @DisplayName("a hold and a release racing from two threads: one wins, the other is a stale write, the row is the winner's (RS-2)")
    void holdAndReleaseRace() {
        for (int round = 0; round < 5; round++) {
            TestResult result = TestResult.imported(patient, "LAB-HR-" + round, panel(ResultId.newId(), 1, T0, "5.5"),
                    T0, true);
            inTx((StorageTransaction tx) -> tx.testResults().insertIfAbsent(result));
            TestResult held = inTx((StorageTransaction tx) -> tx.testResults().update(result.withRelease(T0, "first reason", "doc-1",
                    T0, false)));
            TestResult release = held.withRelease(T0, null, null, null, true).withComment("Looks fine.", "doc-2", T0);
            TestResult rehold = held.withRelease(T0, "second reason", "doc-3", T0.plusSeconds(1), false);
            List<TestResult> changes = List.of(release, rehold);
            List<Object> outcomes = race(2, i -> {
                try {
                    return inTxRetrying((StorageTransaction tx) -> tx.testResults().update(changes.get(i)));
                } catch (OptimisticLockException e) {
                    return e;
                }
            });
            assertThat(outcomes).filteredOn(o -> o instanceof OptimisticLockException).hasSize(1);
            TestResult winner = (TestResult) outcomes.stream().filter(o -> o instanceof TestResult).findFirst()
                    .orElseThrow();
            TestResult stored = inTx((StorageTransaction tx) -> tx.testResults().find(result.id())).orElseThrow();
            assertThat(stored).isEqualTo(winner);
            assertThat(stored.version()).isEqualTo(2);
            assertThat(stored.held()).isEqualTo(!stored.releaseNotified());
            assertThat(inTx((StorageTransaction tx) -> tx.testResults().visible(patient, T0.plusSeconds(5), null, 10)).contains(stored))
                    .isEqualTo(!stored.held());
        }
    }

    @Test
    @DisplayName("update is optimistic: a stale version is refused and changes nothing; the versions are never written")
    void staleUpdate() {
        TestResult result = TestResult.imported(patient, "LAB-7", panel(ResultId.newId(), 1, T0, "5.5"), T0, true);
        inTx((StorageTransaction tx) -> tx.testResults().insertIfAbsent(result));
        TestResult commented = inTx((StorageTransaction tx) -> tx.testResults().update(result.withComment("Normal.", "doc-1", T0)));
        assertThat(commented.comment()).isEqualTo("Normal.");
        assertThat(commented.version()).isEqualTo(1);
        assertThatThrownBy(() -> inTx((StorageTransaction tx) -> tx.testResults().update(result.withReadAt(T0))))
                .isInstanceOf(OptimisticLockException.class);
        assertThat(inTx((StorageTransaction tx) -> tx.testResults().find(result.id()))).contains(commented);
        assertThatThrownBy(() -> inTx((StorageTransaction tx) -> tx.testResults().update(TestResult.imported(patient, "LAB-8",
                panel(ResultId.newId(), 1, T0, "1"), T0, true)))).isInstanceOf(OptimisticLockException.class);
    }

    @Test
    @DisplayName("a patient's results page newest first by resulted instant, keyset-paged, others' results never included")
    void pagination() {
        List<TestResult> visible = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            Instant resulted = T0.minus(Duration.ofHours(i % 9)).minusSeconds(i);
            TestResult r = TestResult.imported(patient, "LAB-P-" + i, panel(ResultId.newId(), 1, resulted, "5." + i),
                    T0, true);
            inTx((StorageTransaction tx) -> tx.testResults().insertIfAbsent(r));
            visible.add(r);
        }
        TestResult held = TestResult.imported(patient, "LAB-P-H", panel(ResultId.newId(), 1, T0, "1.0"), T0, true);
        inTx((StorageTransaction tx) -> tx.testResults().insertIfAbsent(held));
        TestResult heldStored = inTx((StorageTransaction tx) -> tx.testResults().update(held.withRelease(T0, "review", "doc", T0, false)));
        PatientId other = newPatient();
        inTx((StorageTransaction tx) -> tx.testResults().insertIfAbsent(TestResult.imported(other, "LAB-P-0",
                panel(ResultId.newId(), 1, T0, "1.0"), T0, true)));

        visible.sort((a, b) -> {
            int c = b.current().resultedAt().compareTo(a.current().resultedAt());
            return c != 0 ? c : compareUnsigned(b.id().value(), a.id().value());
        });
        Instant now = T0.plusSeconds(1);
        List<TestResult> paged = new ArrayList<>();
        StartCursor after = null;
        for (int pages = 0; pages < 10; pages++) {
            StartCursor cursor = after;
            List<TestResult> page = inTx((StorageTransaction tx) -> tx.testResults().visible(patient, now, cursor, 7));
            assertThat(page).hasSizeLessThanOrEqualTo(7);
            if (page.isEmpty()) {
                break;
            }
            paged.addAll(page);
            TestResult last = page.get(page.size() - 1);
            after = new StartCursor(last.current().resultedAt(), last.id().value());
        }
        assertThat(paged).containsExactlyElementsOf(visible);
        List<TestResult> all = inTx((StorageTransaction tx) -> tx.testResults().all(patient, null, 1000));
        assertThat(all).hasSize(26).contains(heldStored);
        assertThat(all.subList(1, 26)).containsExactlyElementsOf(visible);
    }

    @Test
    @DisplayName("a component's series: numeric values of visible results' current versions, oldest first, keyset-paged, units as sent (RS-7)")
    void trend() {
        List<TestResult> results = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            Instant collected = T0.minus(Duration.ofDays(10 - i));
            TestResult r = TestResult.imported(patient, "LAB-T-" + i, panel(ResultId.newId(), 1, collected, "5." + i),
                    T0, true);
            inTx((StorageTransaction tx) -> tx.testResults().insertIfAbsent(r));
            results.add(r);
        }
        TestResult corrected = results.get(4);
        inTx((StorageTransaction tx) -> tx.testResults().advance(corrected.withCurrent(version(corrected.id(), 2,
                corrected.current().collectedAt(), ResultStatus.CORRECTED, "7.77"), null, true)));
        TestResult future = TestResult.imported(patient, "LAB-T-F", panel(ResultId.newId(), 1, T0, "9.9"),
                T0.plus(Duration.ofDays(1)), true);
        inTx((StorageTransaction tx) -> tx.testResults().insertIfAbsent(future));
        PatientId other = newPatient();
        inTx((StorageTransaction tx) -> tx.testResults().insertIfAbsent(TestResult.imported(other, "LAB-T-0",
                panel(ResultId.newId(), 1, T0.minus(Duration.ofDays(20)), "1.1"), T0, true)));

        List<ResultTrendPoint> points = new ArrayList<>();
        TrendCursor after = null;
        for (int pages = 0; pages < 10; pages++) {
            TrendCursor cursor = after;
            List<ResultTrendPoint> page = inTx((StorageTransaction tx) -> tx.testResults().trend(patient, GLUCOSE, T0, cursor, 4));
            assertThat(page).hasSizeLessThanOrEqualTo(4);
            if (page.isEmpty()) {
                break;
            }
            points.addAll(page);
            after = page.get(page.size() - 1).cursor();
        }
        assertThat(points).extracting(p -> p.component().numericValue().toPlainString())
                .containsExactly("5.0", "5.1", "5.2", "5.3", "7.77", "5.5", "5.6", "5.7", "5.8");
        assertThat(points).extracting(ResultTrendPoint::collectedAt).isSorted();
        assertThat(points).extracting(p -> p.component().unit()).containsOnly("mg/dL");
        assertThat(points).extracting(ResultTrendPoint::position).containsOnly(0);
        assertThat(inTx((StorageTransaction tx) -> tx.testResults().trend(patient, "600-7", T0, null, 100)))
                .as("text values are no series").isEmpty();
        assertThat(inTx((StorageTransaction tx) -> tx.testResults().trend(patient, POTASSIUM, T0, null, 100))).hasSize(9)
                .allSatisfy(p -> assertThat(p.position()).isEqualTo(1));
    }

    @Test
    @DisplayName("a rolled-back import leaves no result, version or component behind")
    void rollback() {
        TestResult result = TestResult.imported(patient, "LAB-9", panel(ResultId.newId(), 1, T0, "5.5"), T0, true);
        assertThatThrownBy(() -> storage().inTransaction(tx -> {
            tx.testResults().insertIfAbsent(result);
            throw new IllegalStateException("roll back");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(inTx((StorageTransaction tx) -> tx.testResults().find(result.id()))).isEmpty();
        assertThat(inTx((StorageTransaction tx) -> tx.testResults().versions(result.id()))).isEmpty();
        assertThat(inTx((StorageTransaction tx) -> tx.testResults().trend(patient, GLUCOSE, T0, null, 10))).isEmpty();
        assertThat(inTx((StorageTransaction tx) -> tx.testResults().insertIfAbsent(result))).isTrue();
    }

    // ---------------------------------------------------------------- helpers

    private PatientId newPatient() {
        Patient p = new Patient(PatientId.newId(), "MRN-RS-" + UUID.randomUUID(), "Ada", "Lovelace",
                LocalDate.of(1984, 2, 29), "ssn4-" + UUID.randomUUID(), null, null, T0, 0);
        inTx((StorageTransaction tx) -> {
            tx.patients().insert(p);
            return null;
        });
        return p.id();
    }

    private static ResultVersion panel(ResultId id, long sourceVersion, Instant collected, String glucose) {
        return version(id, sourceVersion, collected, ResultStatus.FINAL, glucose);
    }

    private static ResultVersion version(ResultId id, long sourceVersion, Instant collected, ResultStatus status,
                                         String glucose) {
        List<ResultComponent> components = List.of(
                new ResultComponent(GLUCOSE, "Glucose", new BigDecimal(glucose), "mg/dL", null, null,
                        new BigDecimal("70"), new BigDecimal("99"), null, AbnormalFlag.NORMAL),
                new ResultComponent(POTASSIUM, "Potassium", new BigDecimal("4.10"), "mmol/L", null, null,
                        new BigDecimal("3.5"), new BigDecimal("5.1"), null, null),
                new ResultComponent("5778-6", "Color of urine", null, null, null, "YELLOW", null, null, null,
                        AbnormalFlag.NORMAL),
                new ResultComponent("600-7", "Blood culture", null, null, "No growth at 5 days", null, null, null,
                        "negative", AbnormalFlag.NORMAL));
        return new ResultVersion(id, sourceVersion, ResultKind.LAB_PANEL, "80048", "Basic metabolic panel",
                "Dr. Okafor", collected, collected.plus(Duration.ofHours(2)), status, null, components,
                collected.plus(Duration.ofHours(3)));
    }

    private static ResultVersion imaging(ResultId id, long sourceVersion, Instant collected, String report) {
        return new ResultVersion(id, sourceVersion, ResultKind.IMAGING, "71046", "Chest X-ray, 2 views",
                "Dr. Okafor", collected, collected, ResultStatus.PRELIMINARY, report, List.of(), collected);
    }

    private static int compareUnsigned(UUID a, UUID b) {
        int c = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return c != 0 ? c : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }

    private <T> T inTx(TransactionalWork<T> work) {
        return storage().inTransaction(work);
    }

    private <T> T inTxRetrying(TransactionalWork<T> work) {
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

    /** Runs {@code count} tasks released together and returns their results in task order. */
    private static <T> List<T> race(int count, IntFunction<T> task) {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.apply(index);
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(AWAIT.toMillis(), TimeUnit.MILLISECONDS));
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (Exception e) {
            throw new AssertionError("a racing task failed", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
