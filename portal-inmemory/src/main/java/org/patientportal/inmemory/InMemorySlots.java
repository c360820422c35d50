package org.patientportal.inmemory;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.patientportal.model.AppointmentId;
import org.patientportal.model.DepartmentId;
import org.patientportal.model.ProviderId;
import org.patientportal.model.Slot;
import org.patientportal.model.SlotId;
import org.patientportal.model.SlotStatus;
import org.patientportal.model.StartCursor;
import org.patientportal.model.Uuids;
import org.patientportal.model.VisitTypeId;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.SlotOverlapException;
import org.patientportal.spi.storage.SlotQuery;
import org.patientportal.spi.storage.Slots;

/**
 * One transaction's {@link Slots}. {@link #book}, {@link #release} and {@link #close} are
 * conditional updates under the slot's row lock: the second of two bookers waits for the first to
 * end, then re-reads the slot and finds it BOOKED (SC-3). Like a database's
 * {@code UPDATE ... WHERE status = 'OPEN'}, a call whose condition does not hold keeps no lock.
 *
 * <p>{@link #findOpen} reads partial indexes of the OPEN slots in (start, id) order (all of them,
 * and per provider, department and visit type), so a search reads only open slots from the range's
 * start on, in the order of the page. {@link #overlapping} reads a per-provider (start, id) index of
 * every slot, from the range's start less the provider's longest slot. A slot's provider,
 * department, times and visit types never change (the SPI has no update for them): only its status
 * moves the slot in or out of the open indexes.
 */
final class InMemorySlots implements Slots {
    private static final Comparator<SlotId> ID_ORDER = (SlotId l, SlotId r) -> org.patientportal.model.Uuids.compareUnsigned(l.value(), r.value());
    private static final Comparator<StartKey<SlotId>> KEY_ORDER = StartKey::compare;
    private static final Comparator<Slot> SLOT_ORDER = (Slot l, Slot r) -> StartKey.compare(l.start(), l.id().value(), r.start(), r.id().value());
    /** The smallest id: a key with it sorts first among the keys of its start. */
    private static final SlotId MIN_ID = new SlotId(new UUID(0, 0));

    /** Committed slots with their (start, id) indexes. */
    static final class Data {
        final Table<SlotId, Slot> table = Table.unorderedIds("slot", Slot::id, ID_ORDER);
        /** OPEN slots: all, and per provider, department and visit type. */
        final StartIndex<SlotId> open = new StartIndex<>();
        final Map<ProviderId, StartIndex<SlotId>> openByProvider = new ConcurrentHashMap<>();
        final Map<DepartmentId, StartIndex<SlotId>> openByDepartment = new ConcurrentHashMap<>();
        final Map<VisitTypeId, StartIndex<SlotId>> openByVisitType = new ConcurrentHashMap<>();
        /** Every slot of a provider, whatever its status, and the longest slot the provider ever had. */
        final Map<ProviderId, StartIndex<SlotId>> byProvider = new ConcurrentHashMap<>();
        final Map<ProviderId, Duration> longest = new ConcurrentHashMap<>();

        Data() {
            table.indexer(this::reindex);
        }

        private void reindex(Slot oldRow, Slot newRow) {
            StartKey<SlotId> key = key(newRow);
            if (oldRow == null) {
                longest.merge(newRow.providerId(), Duration.between(newRow.start(), newRow.end()),
                        (a, b) -> a.compareTo(b) >= 0 ? a : b);
                index(byProvider, newRow.providerId(), key);
            }
            boolean wasOpen = oldRow != null && oldRow.status() == SlotStatus.OPEN;
            boolean isOpen = newRow.status() == SlotStatus.OPEN;
            if (isOpen && !wasOpen) {
                open.add(key);
                index(openByProvider, newRow.providerId(), key);
                index(openByDepartment, newRow.departmentId(), key);
                for (VisitTypeId visitType : newRow.visitTypes()) {
                    index(openByVisitType, visitType, key);
                }
            } else if (wasOpen && !isOpen) {
                open.remove(key);
                unindex(openByProvider, oldRow.providerId(), key);
                unindex(openByDepartment, oldRow.departmentId(), key);
                for (VisitTypeId visitType : oldRow.visitTypes()) {
                    unindex(openByVisitType, visitType, key);
                }
            }
        }

        private static <K> void index(Map<K, StartIndex<SlotId>> index, K key, StartKey<SlotId> entry) {
            index.computeIfAbsent(key, k -> new StartIndex<>()).add(entry);
        }

        private static <K> void unindex(Map<K, StartIndex<SlotId>> index, K key, StartKey<SlotId> entry) {
            StartIndex<SlotId> entries = index.get(key);
            if (entries != null) {
                entries.remove(entry);
            }
        }
    }

    private final Data data;
    private final TableTx<SlotId, Slot> rows;

    InMemorySlots(Data data, Transaction tx) {
        this.data = data;
        this.rows = TableTx.open(data.table, tx);
    }

    private static StartKey<SlotId> key(Slot slot) {
        return new StartKey<>(slot.start(), slot.id(), slot.id().value());
    }

    @Override
    public void insertAll(List<Slot> slots) {
        Objects.requireNonNull(slots, "slots");
        Set<SlotId> ids = new HashSet<>();
        for (Slot slot : slots) {
            Objects.requireNonNull(slot, "slot");
            if (slot.status() != SlotStatus.OPEN || slot.version() != 0) {
                throw new IllegalArgumentException("a new slot is OPEN with version 0");
            }
            if (!ids.add(slot.id())) {
                throw new DuplicateKeyException("duplicate key: slot id");
            }
        }
        // All or none: every id is locked and checked before the first row is written.
        for (Slot slot : slots) {
            if (rows.lockAndRead(slot.id()) != null) {
                throw new DuplicateKeyException("duplicate key: slot id");
            }
        }
        for (Slot slot : slots) {
            rows.insert(slot);
        }
    }

    /**
     * Like {@link #insertAll}, after taking each provider's slot lock (in id order, held until the
     * transaction ends, as {@code SELECT ... FOR UPDATE} on the provider's row would) and checking
     * the list against the provider's slots that are not CLOSED, committed and this transaction's.
     * Two calls for one provider serialize; calls for different providers never wait on each other.
     */
    @Override
    public void insertAllWithoutOverlap(List<Slot> slots) {
        Objects.requireNonNull(slots, "slots");
        slots.forEach(slot -> Objects.requireNonNull(slot, "slot"));
        Map<ProviderId, List<Slot>> byProvider = new java.util.TreeMap<>(
                (ProviderId l, ProviderId r) -> org.patientportal.model.Uuids.compareUnsigned(l.value(), r.value()));
        for (Slot slot : slots) {
            byProvider.computeIfAbsent(slot.providerId(), p -> new java.util.ArrayList<>()).add(slot);
        }
        for (Map.Entry<ProviderId, List<Slot>> entry : byProvider.entrySet()) {
            rows.tx().lock(providerLock(entry.getKey()));
        }
        for (Map.Entry<ProviderId, List<Slot>> entry : byProvider.entrySet()) {
            List<Slot> added = entry.getValue();
            Instant from = added.stream().map(Slot::start).min(Comparator.naturalOrder()).orElseThrow();
            Instant to = added.stream().map(Slot::end).max(Comparator.naturalOrder()).orElseThrow();
            List<Slot> existing = overlapping(entry.getKey(), from, to).stream()
                    .filter(s -> s.status() != SlotStatus.CLOSED).toList();
            if (anyOverlap(existing, added)) {
                throw new SlotOverlapException("a slot overlaps another slot of its provider");
            }
        }
        insertAll(slots);
    }

    /**
     * Whether a new slot overlaps an existing one or another new one (existing slots among
     * themselves do not count): one sweep in start order with the latest end seen of each kind.
     */
    private static boolean anyOverlap(List<Slot> existing, List<Slot> added) {
        record Period(Instant start, Instant end, boolean added) {
        }
        List<Period> all = new java.util.ArrayList<>(existing.size() + added.size());
        existing.forEach(s -> all.add(new Period(s.start(), s.end(), false)));
        added.forEach(s -> all.add(new Period(s.start(), s.end(), true)));
        all.sort(Comparator.comparing(Period::start));
        Instant existingEnd = Instant.MIN;
        Instant addedEnd = Instant.MIN;
        for (Period p : all) {
            if (p.start().isBefore(addedEnd) || p.added() && p.start().isBefore(existingEnd)) {
                return true;
            }
            if (p.added()) {
                addedEnd = p.end().isAfter(addedEnd) ? p.end() : addedEnd;
            } else {
                existingEnd = p.end().isAfter(existingEnd) ? p.end() : existingEnd;
            }
        }
        return false;
    }

    static LockKey providerLock(ProviderId provider) {
        return new LockKey("slot.provider", provider);
    }

    @Override
    public Optional<Slot> find(SlotId id) {
        Objects.requireNonNull(id, "id");
        return rows.find(id);
    }

    @Override
    public List<Slot> findOpen(SlotQuery query, StartCursor after, int limit) {
        Objects.requireNonNull(query, "query");
        TableTx.checkLimit(limit);
        StartKey<SlotId> afterKey = after == null ? null : new StartKey<>(after.start(), new SlotId(after.id()), new SlotId(after.id()).value());
        StartIndex<SlotId> index;
        if (query.provider() != null) {
            index = data.openByProvider.get(query.provider());
        } else if (query.visitType() != null) {
            index = data.openByVisitType.get(query.visitType());
        } else if (query.department() != null) {
            index = data.openByDepartment.get(query.department());
        } else {
            index = data.open;
        }
        StartKey<SlotId> from = new StartKey<>(query.from(), MIN_ID, MIN_ID.value());
        boolean fromInclusive = true;
        if (afterKey != null && KEY_ORDER.compare(afterKey, from) >= 0) {
            from = afterKey;
            fromInclusive = false;
        }
        Iterable<SlotId> committed = ids(index, from, fromInclusive, new StartKey<>(query.to(), MIN_ID, MIN_ID.value()));
        Predicate<Slot> filter = s -> s.status() == SlotStatus.OPEN
                && !s.start().isBefore(query.from()) && s.start().isBefore(query.to())
                && (query.provider() == null || s.providerId().equals(query.provider()))
                && (query.department() == null || s.departmentId().equals(query.department()))
                && (query.visitType() == null || s.visitTypes().contains(query.visitType()))
                && (afterKey == null || KEY_ORDER.compare(key(s), afterKey) > 0);
        return rows.pageInOrder(committed, SLOT_ORDER, filter, limit);
    }

    @Override
    public List<Slot> overlapping(ProviderId provider, Instant from, Instant to) {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        // A committed slot overlapping [from, to) starts after from less the provider's longest slot.
        Duration longest = data.longest.getOrDefault(provider, Duration.ZERO);
        Iterable<SlotId> committed = ids(data.byProvider.get(provider),
                new StartKey<>(from.minus(longest), MIN_ID, MIN_ID.value()), true, new StartKey<>(to, MIN_ID, MIN_ID.value()));
        return rows.selectInOrder(committed, SLOT_ORDER, s -> s.providerId().equals(provider)
                && s.start().isBefore(to) && s.end().isAfter(from));
    }

    /** The ids in [from, to) (or (from, to) if not inclusive), none if the index is missing or the range empty. */
    private static Iterable<SlotId> ids(StartIndex<SlotId> index, StartKey<SlotId> from, boolean fromInclusive,
                                        StartKey<SlotId> to) {
        if (index == null || KEY_ORDER.compare(from, to) >= 0) {
            return List.of();
        }
        return index.ids(from, fromInclusive, to, false, false);
    }

    @Override
    public boolean book(SlotId id, AppointmentId appointment) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(appointment, "appointment");
        Slot current = lockIf(id, s -> s.status() == SlotStatus.OPEN);
        if (current == null) {
            return false;
        }
        rows.replace(current, with(current, SlotStatus.BOOKED, appointment));
        return true;
    }

    @Override
    public boolean release(SlotId id, AppointmentId appointment) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(appointment, "appointment");
        Slot current = lockIf(id, s -> s.status() == SlotStatus.BOOKED && appointment.equals(s.appointmentId()));
        if (current == null) {
            return false;
        }
        rows.replace(current, with(current, SlotStatus.OPEN, null));
        return true;
    }

    @Override
    public boolean close(SlotId id) {
        Objects.requireNonNull(id, "id");
        Slot current = lockIf(id, s -> s.status() == SlotStatus.OPEN);
        if (current == null) {
            return false;
        }
        rows.replace(current, with(current, SlotStatus.CLOSED, null));
        return true;
    }

    /**
     * A conditional update's row: locked and returned if it matches {@code condition} once the lock
     * is ours, else null with no lock kept (as a database's conditional update does not keep a
     * row it does not match).
     */
    private Slot lockIf(SlotId id, Predicate<Slot> condition) {
        Slot seen = rows.find(id).orElse(null);
        if (seen == null || !condition.test(seen)) {
            return null;
        }
        Slot current = rows.lockAndRead(id);
        if (current == null || !condition.test(current)) {
            rows.unlockUnwritten(id);
            return null;
        }
        return current;
    }

    private static Slot with(Slot s, SlotStatus status, AppointmentId appointment) {
        return new Slot(s.id(), s.providerId(), s.departmentId(), s.start(), s.end(), s.visitTypes(), status,
                appointment, s.version() + 1);
    }
}
