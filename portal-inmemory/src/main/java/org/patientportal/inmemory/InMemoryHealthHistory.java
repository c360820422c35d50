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
import org.patientportal.model.EntryStatus;
import org.patientportal.model.HistoryCategory;
import org.patientportal.model.HistoryEntry;
import org.patientportal.model.HistoryEntryId;
import org.patientportal.model.PatientId;
import org.patientportal.model.StartCursor;
import org.patientportal.spi.storage.HealthHistory;

/**
 * One transaction's {@link HealthHistory}: unique by (patient, category, source id), locked before
 * it is read as for prescriptions; pages read a per-(patient, category) (effectiveAt, id) index.
 */
final class InMemoryHealthHistory implements HealthHistory {
    private static final Comparator<StartKey<HistoryEntryId>> KEY_ORDER = StartKey::compare;
    private static final Comparator<HistoryEntry> ASCENDING = Comparator.comparing(InMemoryHealthHistory::key,
            KEY_ORDER);

    /** The unique key of an entry. */
    record SourceKey(PatientId patient, HistoryCategory category, String sourceId) {
    }

    /** The index key of a patient's category. */
    record Shelf(PatientId patient, HistoryCategory category) {
    }

    /** Committed entries, unique by source key, indexed by (patient, category) in (effectiveAt, id) order. */
    static final class Data {
        final Table<HistoryEntryId, HistoryEntry> table =
                new Table<>("history_entry", HistoryEntry::id, (HistoryEntryId l, HistoryEntryId r) -> org.patientportal.model.Uuids.compareUnsigned(l.value(), r.value()));
        final Unique<HistoryEntryId, HistoryEntry, SourceKey> source =
                table.unique("source", e -> new SourceKey(e.patientId(), e.category(), e.sourceId()));
        final Map<Shelf, NavigableSet<StartKey<HistoryEntryId>>> byShelf = new ConcurrentHashMap<>();

        Data() {
            table.indexer((oldRow, newRow) -> {
                byShelf.computeIfAbsent(shelf(newRow), s -> new ConcurrentSkipListSet<>(KEY_ORDER)).add(key(newRow));
                if (oldRow != null && !key(oldRow).equals(key(newRow))) {
                    NavigableSet<StartKey<HistoryEntryId>> old = byShelf.get(shelf(oldRow));
                    if (old != null) {
                        old.remove(key(oldRow));
                    }
                }
            });
        }
    }

    private final Data data;
    private final Transaction tx;
    private final TableTx<HistoryEntryId, HistoryEntry> rows;

    InMemoryHealthHistory(Data data, Transaction tx) {
        this.data = data;
        this.tx = tx;
        this.rows = TableTx.open(data.table, tx);
    }

    private static StartKey<HistoryEntryId> key(HistoryEntry e) {
        return new StartKey<>(e.effectiveAt(), e.id(), e.id().value());
    }

    private static Shelf shelf(HistoryEntry e) {
        return new Shelf(e.patientId(), e.category());
    }

    @Override
    public List<Boolean> upsertAll(List<HistoryEntry> entries) {
        Objects.requireNonNull(entries, "entries");
        List<Boolean> changed = new ArrayList<>(entries.size());
        for (HistoryEntry e : entries) {
            Objects.requireNonNull(e, "entry");
            SourceKey key = new SourceKey(e.patientId(), e.category(), e.sourceId());
            tx.lock(new LockKey(data.source.name, key));
            Optional<HistoryEntry> stored = rows.findBy(data.source, key);
            if (stored.isEmpty()) {
                rows.insert(e);
                changed.add(true);
                continue;
            }
            HistoryEntry current = rows.lockAndRead(stored.get().id());
            if (current.sourceVersion() < e.sourceVersion()) {
                rows.replace(current, e.withId(current.id()));
                changed.add(true);
            } else {
                changed.add(false);
            }
        }
        return changed;
    }

    @Override
    public Optional<HistoryEntry> find(HistoryEntryId id) {
        Objects.requireNonNull(id, "id");
        return rows.find(id);
    }

    @Override
    public Optional<HistoryEntry> review(HistoryEntryId id, EntryStatus outcome, Instant at, String by,
                                         String reason) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        if (outcome != EntryStatus.ACCEPTED && outcome != EntryStatus.DECLINED) {
            throw new IllegalArgumentException("a review accepts or declines");
        }
        HistoryEntry current = rows.lockAndRead(id);
        if (current == null || current.status() != EntryStatus.PENDING_REVIEW) {
            return Optional.empty();
        }
        HistoryEntry reviewed = current.reviewed(outcome, at, by, reason);
        rows.replace(current, reviewed);
        return Optional.of(reviewed);
    }

    @Override
    public List<HistoryEntry> page(PatientId patient, HistoryCategory category, StartCursor after, int limit) {
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(category, "category");
        TableTx.checkLimit(limit);
        StartKey<HistoryEntryId> afterKey = after == null ? null
                : new StartKey<>(after.start(), new HistoryEntryId(after.id()), new HistoryEntryId(after.id()).value());
        NavigableSet<StartKey<HistoryEntryId>> all = data.byShelf.get(new Shelf(patient, category));
        NavigableSet<StartKey<HistoryEntryId>> keys = all == null ? Collections.emptyNavigableSet()
                : afterKey == null ? all.descendingSet() : all.headSet(afterKey, false).descendingSet();
        Iterable<HistoryEntryId> ids = () -> keys.stream().map(StartKey::id).iterator();
        return rows.pageInOrder(ids, ASCENDING.reversed(), e -> e.patientId().equals(patient)
                && e.category() == category && e.status() != EntryStatus.ENTERED_IN_ERROR
                && (afterKey == null || KEY_ORDER.compare(key(e), afterKey) < 0), limit);
    }
}
