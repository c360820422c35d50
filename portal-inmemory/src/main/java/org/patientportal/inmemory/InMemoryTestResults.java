package org.patientportal.inmemory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import org.patientportal.model.PatientId;
import org.patientportal.model.ResultComponent;
import org.patientportal.model.ResultId;
import org.patientportal.model.ResultReleaseDelay;
import org.patientportal.model.ResultTrendPoint;
import org.patientportal.model.ResultVersion;
import org.patientportal.model.StartCursor;
import org.patientportal.model.TestResult;
import org.patientportal.model.TrendCursor;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.TestResults;

/**
 * One transaction's {@link TestResults}.
 *
 * <p>{@link #insertIfAbsent} takes the lock of the (patient, source id) key before it looks, so a
 * concurrent insert of the same source id waits until the first ends, then finds it (as
 * {@code INSERT ... ON CONFLICT DO NOTHING} does). {@link #advance} locks the row and compares the
 * stored source version under that lock: the conditional write of a database's
 * {@code UPDATE ... WHERE source_version < ?}. Lists read a per-patient (resulted, id) index.
 */
final class InMemoryTestResults implements TestResults {
    private static final Comparator<ResultId> ID_ORDER = (ResultId l, ResultId r) -> org.patientportal.model.Uuids.compareUnsigned(l.value(), r.value());
    private static final Comparator<StartKey<ResultId>> KEY_ORDER = StartKey::compare;
    private static final Comparator<TestResult> DESCENDING =
            Comparator.comparing(InMemoryTestResults::key, KEY_ORDER).reversed();
    private static final Comparator<VersionKey> VERSION_ORDER = Comparator.comparing(VersionKey::resultId, ID_ORDER)
            .thenComparingLong(VersionKey::sourceVersion);
    private static final Comparator<ResultTrendPoint> TREND_ORDER = Comparator
            .comparing(ResultTrendPoint::collectedAt)
            .thenComparing(ResultTrendPoint::resultId, ID_ORDER)
            .thenComparingInt(ResultTrendPoint::position);

    /** The unique key of a result: its patient and source id. */
    record SourceKey(PatientId patient, String sourceId) {
    }

    /** The key of a stored version. */
    record VersionKey(ResultId resultId, long sourceVersion) {
    }

    /** Committed results, their versions and the per-patient (resulted, id) index. */
    static final class Data {
        final Table<ResultId, TestResult> table = new Table<>("test_result", TestResult::id, ID_ORDER);
        final Unique<ResultId, TestResult, SourceKey> bySource =
                table.unique("source", r -> new SourceKey(r.patientId(), r.sourceId()));
        final Table<VersionKey, ResultVersion> versions = new Table<>("test_result_version",
                v -> new VersionKey(v.resultId(), v.sourceVersion()), VERSION_ORDER);
        final Map<PatientId, NavigableSet<StartKey<ResultId>>> byPatient = new ConcurrentHashMap<>();
        final Table<PatientId, ResultReleaseDelay> delays = new Table<>("result_release_delay",
                ResultReleaseDelay::patientId, (PatientId l, PatientId r) -> org.patientportal.model.Uuids.compareUnsigned(l.value(), r.value()));

        Data() {
            table.indexer(this::reindex);
        }

        private void reindex(TestResult oldRow, TestResult newRow) {
            StartKey<ResultId> key = key(newRow);
            byPatient.computeIfAbsent(newRow.patientId(), p -> new ConcurrentSkipListSet<>(KEY_ORDER)).add(key);
            if (oldRow != null && !key(oldRow).equals(key)) {
                NavigableSet<StartKey<ResultId>> keys = byPatient.get(oldRow.patientId());
                if (keys != null) {
                    keys.remove(key(oldRow));
                }
            }
        }
    }

    private final Data data;
    private final Transaction tx;
    private final TableTx<ResultId, TestResult> rows;
    private final TableTx<VersionKey, ResultVersion> versions;
    private final TableTx<PatientId, ResultReleaseDelay> delays;

    InMemoryTestResults(Data data, Transaction tx) {
        this.data = data;
        this.tx = tx;
        this.rows = TableTx.open(data.table, tx);
        this.versions = TableTx.open(data.versions, tx);
        this.delays = TableTx.open(data.delays, tx);
    }

    private static StartKey<ResultId> key(TestResult result) {
        return new StartKey<>(result.current().resultedAt(), result.id(), result.id().value());
    }

    @Override
    public boolean insertIfAbsent(TestResult result) {
        Objects.requireNonNull(result, "result");
        if (result.version() != 0 || result.versionCount() != 1) {
            throw new IllegalArgumentException("a new result has version 0 and one version");
        }
        SourceKey source = new SourceKey(result.patientId(), result.sourceId());
        tx.lock(new LockKey(data.bySource.name, source));
        if (rows.findBy(data.bySource, source).isPresent()) {
            return false;
        }
        if (rows.lockAndRead(result.id()) != null) {
            throw new DuplicateKeyException("duplicate key: test_result id");
        }
        rows.insert(result);
        versions.insert(result.current());
        return true;
    }

    @Override
    public Optional<TestResult> advance(TestResult next) {
        Objects.requireNonNull(next, "next");
        TestResult stored = rows.lockAndRead(next.id());
        if (stored == null || stored.current().sourceVersion() >= next.current().sourceVersion()) {
            return Optional.empty();
        }
        TestResult advanced = new TestResult(stored.id(), stored.patientId(), stored.sourceId(), next.current(),
                stored.versionCount() + 1, stored.importedAt(), stored.releaseAt(), stored.holdReason(),
                stored.heldBy(), stored.heldAt(), stored.comment(), stored.commentBy(), stored.commentedAt(),
                next.readAt(), next.releaseNotified(), stored.version() + 1);
        versions.insert(next.current());
        rows.replace(stored, advanced);
        return Optional.of(advanced);
    }

    @Override
    public TestResult update(TestResult result) {
        Objects.requireNonNull(result, "result");
        TestResult stored = rows.lockAtVersion(result.id(), result.version(), TestResult::version, "test result");
        TestResult updated = new TestResult(stored.id(), stored.patientId(), stored.sourceId(), stored.current(),
                stored.versionCount(), stored.importedAt(), result.releaseAt(), result.holdReason(), result.heldBy(),
                result.heldAt(), result.comment(), result.commentBy(), result.commentedAt(), result.readAt(),
                result.releaseNotified(), stored.version() + 1);
        rows.replace(stored, updated);
        return updated;
    }

    @Override
    public Optional<TestResult> find(ResultId id) {
        Objects.requireNonNull(id, "id");
        return rows.find(id);
    }

    @Override
    public Optional<TestResult> findBySource(PatientId patient, String sourceId) {
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(sourceId, "sourceId");
        return rows.findBy(data.bySource, new SourceKey(patient, sourceId));
    }

    @Override
    public List<ResultVersion> versions(ResultId id) {
        Objects.requireNonNull(id, "id");
        Iterable<VersionKey> committed = data.versions.ids
                .subSet(new VersionKey(id, Long.MIN_VALUE), true, new VersionKey(id, Long.MAX_VALUE), true);
        List<ResultVersion> all = new ArrayList<>(versions.select(committed, v -> v.resultId().equals(id)));
        all.sort(Comparator.comparingLong(ResultVersion::sourceVersion).reversed());
        return all;
    }

    @Override
    public List<TestResult> visible(PatientId patient, Instant now, StartCursor after, int limit) {
        Objects.requireNonNull(now, "now");
        return page(patient, after, limit, r -> r.visibleAt(now));
    }

    @Override
    public List<TestResult> all(PatientId patient, StartCursor after, int limit) {
        return page(patient, after, limit, r -> true);
    }

    private List<TestResult> page(PatientId patient, StartCursor after, int limit,
                                  java.util.function.Predicate<TestResult> filter) {
        Objects.requireNonNull(patient, "patient");
        TableTx.checkLimit(limit);
        StartKey<ResultId> afterKey = after == null ? null : new StartKey<>(after.start(), new ResultId(after.id()), new ResultId(after.id()).value());
        NavigableSet<StartKey<ResultId>> all = data.byPatient.get(patient);
        NavigableSet<StartKey<ResultId>> keys = all == null ? Collections.emptyNavigableSet()
                : afterKey == null ? all.descendingSet() : all.headSet(afterKey, false).descendingSet();
        return rows.pageInOrder(ids(keys), DESCENDING, r -> r.patientId().equals(patient) && filter.test(r)
                && (afterKey == null || KEY_ORDER.compare(key(r), afterKey) < 0), limit);
    }

    @Override
    public List<ResultTrendPoint> trend(PatientId patient, String code, Instant now, TrendCursor after, int limit) {
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(now, "now");
        TableTx.checkLimit(limit);
        NavigableSet<StartKey<ResultId>> all = data.byPatient.get(patient);
        NavigableSet<StartKey<ResultId>> keys = all == null ? Collections.emptyNavigableSet() : all;
        List<ResultTrendPoint> points = new ArrayList<>();
        for (TestResult result : rows.selectInOrder(ids(keys), DESCENDING,
                r -> r.patientId().equals(patient) && r.visibleAt(now))) {
            List<ResultComponent> components = result.current().components();
            for (int i = 0; i < components.size(); i++) {
                ResultComponent component = components.get(i);
                if (component.code().equals(code) && component.numericValue() != null) {
                    ResultTrendPoint point = new ResultTrendPoint(result.id(), result.current().collectedAt(), i,
                            component);
                    if (after == null || TREND_ORDER.compare(point, new ResultTrendPoint(after.resultId(),
                            after.collectedAt(), after.position(), component)) > 0) {
                        points.add(point);
                    }
                }
            }
        }
        points.sort(TREND_ORDER);
        return List.copyOf(points.subList(0, Math.min(limit, points.size())));
    }

    private static Iterable<ResultId> ids(NavigableSet<StartKey<ResultId>> keys) {
        return () -> keys.stream().map(StartKey::id).iterator();
    }


    @Override
    public Optional<ResultReleaseDelay> releaseDelay(PatientId patient) {
        Objects.requireNonNull(patient, "patient");
        return delays.find(patient);
    }

    /** Locks the patient's key, then inserts or replaces: the database's insert-or-update. */
    @Override
    public void putReleaseDelay(ResultReleaseDelay delay) {
        Objects.requireNonNull(delay, "delay");
        ResultReleaseDelay stored = delays.lockAndRead(delay.patientId());
        if (stored == null) {
            delays.insert(delay);
        } else {
            delays.replace(stored, delay);
        }
    }
}
