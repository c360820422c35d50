package org.patientportal.inmemory;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import org.patientportal.model.PatientId;
import org.patientportal.model.ProviderId;
import org.patientportal.model.Uuids;
import org.patientportal.model.VisitTypeId;
import org.patientportal.model.WaitlistEntry;
import org.patientportal.model.WaitlistEntryId;
import org.patientportal.model.WaitlistStatus;
import org.patientportal.spi.storage.Waitlist;

/**
 * One transaction's {@link Waitlist}. Each (visit type, provider) queue is a partial index of its
 * WAITING entries in id order, the order they are served in (SC-7); an entry leaves it when its
 * fulfilment or cancellation commits. A patient's list reads a per-patient index.
 */
final class InMemoryWaitlist implements Waitlist {
    private static final Comparator<WaitlistEntryId> ID_ORDER = (WaitlistEntryId l, WaitlistEntryId r) -> org.patientportal.model.Uuids.compareUnsigned(l.value(), r.value());

    /**
     * The key of a queue.
     *
     * @param visitType the visit type
     * @param provider  the provider
     */
    record Queue(VisitTypeId visitType, ProviderId provider) {
        static Queue of(WaitlistEntry entry) {
            return new Queue(entry.visitTypeId(), entry.providerId());
        }
    }

    /** Committed entries, with the WAITING ones per queue and every patient's, in id order. */
    static final class Data {
        final Table<WaitlistEntryId, WaitlistEntry> table = new Table<>("waitlist_entry", WaitlistEntry::id, ID_ORDER);
        final Map<Queue, NavigableSet<WaitlistEntryId>> waiting = new ConcurrentHashMap<>();
        final Map<PatientId, NavigableSet<WaitlistEntryId>> byPatient = new ConcurrentHashMap<>();

        Data() {
            table.indexer((oldRow, newRow) -> {
                // Add the new position before removing the old one: a reader never misses the entry.
                index(byPatient, newRow.patientId(), newRow.id());
                if (newRow.status() == WaitlistStatus.WAITING) {
                    index(waiting, Queue.of(newRow), newRow.id());
                }
                if (oldRow != null) {
                    if (!oldRow.patientId().equals(newRow.patientId())) {
                        unindex(byPatient, oldRow.patientId(), oldRow.id());
                    }
                    if (oldRow.status() == WaitlistStatus.WAITING && (newRow.status() != WaitlistStatus.WAITING
                            || !Queue.of(oldRow).equals(Queue.of(newRow)))) {
                        unindex(waiting, Queue.of(oldRow), oldRow.id());
                    }
                }
            });
        }

        private static <K> void index(Map<K, NavigableSet<WaitlistEntryId>> index, K key, WaitlistEntryId id) {
            index.computeIfAbsent(key, k -> new ConcurrentSkipListSet<>(ID_ORDER)).add(id);
        }

        private static <K> void unindex(Map<K, NavigableSet<WaitlistEntryId>> index, K key, WaitlistEntryId id) {
            NavigableSet<WaitlistEntryId> ids = index.get(key);
            if (ids != null) {
                ids.remove(id);
            }
        }
    }

    private final Data data;
    private final TableTx<WaitlistEntryId, WaitlistEntry> rows;

    InMemoryWaitlist(Data data, Transaction tx) {
        this.data = data;
        this.rows = TableTx.open(data.table, tx);
    }

    @Override
    public void insert(WaitlistEntry entry) {
        Objects.requireNonNull(entry, "entry");
        if (entry.status() != WaitlistStatus.WAITING || entry.version() != 0) {
            throw new IllegalArgumentException("a new wait-list entry is WAITING with version 0");
        }
        rows.insert(entry);
    }

    @Override
    public Optional<WaitlistEntry> find(WaitlistEntryId id) {
        Objects.requireNonNull(id, "id");
        return rows.find(id);
    }

    @Override
    public WaitlistEntry update(WaitlistEntry entry) {
        Objects.requireNonNull(entry, "entry");
        WaitlistEntry current = rows.lockAtVersion(entry.id(), entry.version(), WaitlistEntry::version, "wait-list entry");
        WaitlistEntry stored = new WaitlistEntry(entry.id(), entry.patientId(), entry.appointmentId(),
                entry.visitTypeId(), entry.providerId(), entry.createdAt(), entry.status(), entry.closedAt(),
                current.version() + 1);
        rows.replace(current, stored);
        return stored;
    }

    @Override
    public List<WaitlistEntry> waiting(VisitTypeId visitType, ProviderId provider, WaitlistEntryId after, int limit) {
        Objects.requireNonNull(visitType, "visitType");
        Objects.requireNonNull(provider, "provider");
        TableTx.checkLimit(limit);
        return rows.page(committed(data.waiting, new Queue(visitType, provider), after), after, limit,
                e -> e.status() == WaitlistStatus.WAITING && e.visitTypeId().equals(visitType)
                        && e.providerId().equals(provider));
    }

    @Override
    public List<WaitlistEntry> forPatient(PatientId patient, WaitlistEntryId after, int limit) {
        Objects.requireNonNull(patient, "patient");
        TableTx.checkLimit(limit);
        return rows.page(committed(data.byPatient, patient, after), after, limit, e -> e.patientId().equals(patient));
    }

    private static <K> Iterable<WaitlistEntryId> committed(Map<K, NavigableSet<WaitlistEntryId>> index, K key,
                                                           WaitlistEntryId after) {
        NavigableSet<WaitlistEntryId> ids = index.get(key);
        if (ids == null) {
            return List.of();
        }
        return after == null ? ids : ids.tailSet(after, false);
    }
}
