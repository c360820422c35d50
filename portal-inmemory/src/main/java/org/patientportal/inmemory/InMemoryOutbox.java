package org.patientportal.inmemory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.LongAdder;
import org.patientportal.model.OutboxEntry;
import org.patientportal.model.OutboxEntryId;
import org.patientportal.model.OutboxStatus;
import org.patientportal.model.Uuids;
import org.patientportal.spi.storage.Outbox;

/**
 * One transaction's {@link Outbox}. {@link #claimDue} skips entries another open transaction has
 * locked instead of waiting for them ({@code FOR UPDATE SKIP LOCKED}), so concurrent claimers get
 * disjoint sets.
 */
final class InMemoryOutbox implements Outbox {
    private static final Comparator<OutboxEntryId> ID_ORDER = (OutboxEntryId l, OutboxEntryId r) -> org.patientportal.model.Uuids.compareUnsigned(l.value(), r.value());

    /**
     * An entry's key in a time-ordered index: (instant, id), compared on primitive fields.
     */
    static final class Due extends StartKey<OutboxEntryId> {
        static final Comparator<Due> ORDER = StartKey::compare;

        /**
         * @param at the indexed instant
         * @param id the entry
         */
        Due(Instant at, OutboxEntryId id) {
            super(at, id, id.value());
        }

        Instant at() {
            return start();
        }
    }

    /**
     * Committed entries with their indexes: due pending entries, claims by expiry, dead letters,
     * correlation, and a counter per status.
     */
    static final class Data {
        /** The most entries of one correlation key kept as an array (more: a set). */
        static final int SMALL_CORRELATION = 16;

        final Table<OutboxEntryId, OutboxEntry> table = Table.unorderedIds("outbox", OutboxEntry::id, ID_ORDER);
        final StartIndex<OutboxEntryId> pending = new StartIndex<>();
        final StartIndex<OutboxEntryId> claimed = new StartIndex<>();
        final NavigableSet<OutboxEntryId> dead = new ConcurrentSkipListSet<>(ID_ORDER);
        /** Delivered and cancelled entries by {@code completedAt}, for retention. */
        final StartIndex<OutboxEntryId> completed = new StartIndex<>();
        /**
         * Entry ids by correlation key (written at commit only, read by store calls: see
         * {@link IdMap}). A key has a few entries (an appointment's confirmation and reminders), so
         * each value is an immutable array replaced on change, or a set once a key has more than
         * {@link #SMALL_CORRELATION} entries.
         */
        final IdMap<String, Object> byCorrelation = new IdMap<>();
        final Map<OutboxStatus, LongAdder> counts = new EnumMap<>(OutboxStatus.class);

        Data() {
            for (OutboxStatus status : OutboxStatus.values()) {
                counts.put(status, new LongAdder());
            }
            table.indexer(this::reindex);
            table.remover(this::removed);
        }

        private void removed(OutboxEntry oldRow) {
            counts.get(oldRow.status()).decrement();
            if (isCompleted(oldRow)) {
                completed.remove(new Due(oldRow.completedAt(), oldRow.id()));
            }
            if (oldRow.correlationKey() != null) {
                Object ids = byCorrelation.get(oldRow.correlationKey());
                Object rest = ids == null ? null : without(ids, oldRow.id());
                if (rest == null) {
                    byCorrelation.remove(oldRow.correlationKey());
                } else {
                    byCorrelation.put(oldRow.correlationKey(), rest);
                }
            }
        }

        /** The committed ids of a correlation key. */
        Collection<OutboxEntryId> correlated(String correlationKey) {
            Object ids = byCorrelation.get(correlationKey);
            if (ids == null) {
                return List.of();
            }
            return ids instanceof OutboxEntryId[] array ? Arrays.asList(array) : idSet(ids);
        }

        @SuppressWarnings("unchecked")
        private static Set<OutboxEntryId> idSet(Object ids) {
            return (Set<OutboxEntryId>) ids;
        }

        private static Object with(Object ids, OutboxEntryId id) {
            if (ids instanceof OutboxEntryId[] array) {
                if (array.length < SMALL_CORRELATION) {
                    OutboxEntryId[] grown = Arrays.copyOf(array, array.length + 1);
                    grown[array.length] = id;
                    return grown;
                }
                Set<OutboxEntryId> set = ConcurrentHashMap.newKeySet();
                set.addAll(Arrays.asList(array));
                set.add(id);
                return set;
            }
            idSet(ids).add(id);
            return ids;
        }

        /** {@code ids} without {@code id}, or null (no entry left: the key goes). */
        private static Object without(Object ids, OutboxEntryId id) {
            if (ids instanceof OutboxEntryId[] array) {
                OutboxEntryId[] kept = Arrays.stream(array).filter(e -> !e.equals(id)).toArray(OutboxEntryId[]::new);
                return kept.length == 0 ? null : kept;
            }
            Set<OutboxEntryId> set = idSet(ids);
            set.remove(id);
            return set.isEmpty() ? null : set;
        }

        static boolean isCompleted(OutboxEntry row) {
            return (row.status() == OutboxStatus.DELIVERED || row.status() == OutboxStatus.CANCELLED)
                    && row.completedAt() != null;
        }

        private void reindex(OutboxEntry oldRow, OutboxEntry newRow) {
            counts.get(newRow.status()).increment();
            if (oldRow != null) {
                counts.get(oldRow.status()).decrement();
            }
            if (oldRow == null && newRow.correlationKey() != null) {
                Object ids = byCorrelation.get(newRow.correlationKey());
                byCorrelation.put(newRow.correlationKey(),
                        ids == null ? new OutboxEntryId[] {newRow.id()} : with(ids, newRow.id()));
            }
            // Add the new position before removing the old one: a reader never misses the entry.
            index(newRow);
            if (oldRow != null) {
                Due oldPending = new Due(oldRow.nextAttemptAt(), oldRow.id());
                if (oldRow.status() == OutboxStatus.PENDING && !isIndexed(newRow, OutboxStatus.PENDING, oldPending)) {
                    pending.remove(oldPending);
                }
                if (oldRow.status() == OutboxStatus.CLAIMED && oldRow.claimExpiresAt() != null) {
                    Due oldClaim = new Due(oldRow.claimExpiresAt(), oldRow.id());
                    if (!isIndexed(newRow, OutboxStatus.CLAIMED, oldClaim)) {
                        claimed.remove(oldClaim);
                    }
                }
                if (oldRow.status() == OutboxStatus.DEAD && newRow.status() != OutboxStatus.DEAD) {
                    dead.remove(oldRow.id());
                }
                if (isCompleted(oldRow) && !(isCompleted(newRow) && newRow.completedAt().equals(oldRow.completedAt()))) {
                    completed.remove(new Due(oldRow.completedAt(), oldRow.id()));
                }
            }
        }

        private static boolean isIndexed(OutboxEntry row, OutboxStatus status, Due due) {
            return row.status() == status && due.equals(status == OutboxStatus.PENDING
                    ? new Due(row.nextAttemptAt(), row.id())
                    : new Due(row.claimExpiresAt(), row.id()));
        }

        private void index(OutboxEntry row) {
            switch (row.status()) {
                case PENDING -> pending.add(new Due(row.nextAttemptAt(), row.id()));
                case CLAIMED -> {
                    if (row.claimExpiresAt() != null) {
                        claimed.add(new Due(row.claimExpiresAt(), row.id()));
                    }
                }
                case DEAD -> dead.add(row.id());
                default -> {
                    if (isCompleted(row)) {
                        completed.add(new Due(row.completedAt(), row.id()));
                    }
                }
            }
        }
    }

    private final Data data;
    private final TableTx<OutboxEntryId, OutboxEntry> rows;

    InMemoryOutbox(Data data, Transaction tx) {
        this.data = data;
        this.rows = TableTx.open(data.table, tx);
    }

    @Override
    public void enqueue(OutboxEntry entry) {
        Objects.requireNonNull(entry, "entry");
        if (entry.status() != OutboxStatus.PENDING || entry.attempts() != 0 || entry.version() != 0) {
            throw new IllegalArgumentException("a new outbox entry is PENDING with 0 attempts and version 0");
        }
        rows.insert(entry);
    }

    @Override
    public Optional<OutboxEntry> find(OutboxEntryId id) {
        Objects.requireNonNull(id, "id");
        return rows.find(id);
    }

    private static boolean isDue(OutboxEntry e, Instant now) {
        return switch (e.status()) {
            case PENDING -> !e.nextAttemptAt().isAfter(now);
            case CLAIMED -> e.claimExpiresAt() == null || !e.claimExpiresAt().isAfter(now);
            default -> false;
        };
    }

    @Override
    public List<OutboxEntry> claimDue(Instant now, int limit, String claimToken, Instant claimExpiresAt) {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(claimToken, "claimToken");
        Objects.requireNonNull(claimExpiresAt, "claimExpiresAt");
        TableTx.checkLimit(limit);
        rows.tx().checkOpen();
        // Candidates as this transaction sees them, oldest nextAttemptAt first.
        TreeSet<Due> candidates = new TreeSet<>(Due.ORDER);
        for (StartKey<OutboxEntryId> due : data.pending) {
            if (due.start().isAfter(now)) {
                break;
            }
            addIfDue(candidates, rows.current(due.id()), now);
        }
        for (StartKey<OutboxEntryId> due : data.claimed) {
            if (due.start().isAfter(now)) {
                break;
            }
            addIfDue(candidates, rows.current(due.id()), now);
        }
        for (OutboxEntry own : rows.buffered(e -> isDue(e, now))) {
            candidates.add(new Due(own.nextAttemptAt(), own.id()));
        }
        List<OutboxEntry> claimedNow = new ArrayList<>();
        for (Due candidate : candidates) {
            if (claimedNow.size() == limit) {
                break;
            }
            if (!rows.tryLock(candidate.id())) {
                continue; // another open transaction holds it: skip, do not wait
            }
            OutboxEntry current = rows.current(candidate.id());
            if (current == null || !isDue(current, now)) {
                rows.unlockUnwritten(candidate.id());
                continue;
            }
            OutboxEntry claim = new OutboxEntry(current.id(), current.kind(), current.patientId(), current.accountId(),
                    current.payload(), current.correlationKey(), current.createdAt(), current.deliverAfter(),
                    OutboxStatus.CLAIMED, current.attempts() + 1, current.nextAttemptAt(), claimToken, claimExpiresAt,
                    current.lastError(), null, current.version() + 1);
            rows.replace(current, claim);
            claimedNow.add(claim);
        }
        return claimedNow;
    }

    private static void addIfDue(Set<Due> candidates, OutboxEntry entry, Instant now) {
        if (entry != null && isDue(entry, now)) {
            candidates.add(new Due(entry.nextAttemptAt(), entry.id()));
        }
    }

    private OutboxEntry lockClaimed(OutboxEntryId id, String claimToken) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(claimToken, "claimToken");
        OutboxEntry current = rows.lockAndRead(id);
        if (current == null || current.status() != OutboxStatus.CLAIMED || !claimToken.equals(current.claimedBy())) {
            return null;
        }
        return current;
    }

    @Override
    public boolean markDelivered(OutboxEntryId id, String claimToken, Instant at) {
        Objects.requireNonNull(at, "at");
        OutboxEntry c = lockClaimed(id, claimToken);
        if (c == null) {
            return false;
        }
        rows.replace(c, new OutboxEntry(c.id(), c.kind(), c.patientId(), c.accountId(), c.payload(),
                c.correlationKey(), c.createdAt(), c.deliverAfter(), OutboxStatus.DELIVERED, c.attempts(),
                c.nextAttemptAt(), c.claimedBy(), c.claimExpiresAt(), c.lastError(), at, c.version() + 1));
        return true;
    }

    @Override
    public Set<OutboxEntryId> markAllDelivered(Collection<OutboxEntryId> ids, String claimToken, Instant at) {
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(claimToken, "claimToken");
        Objects.requireNonNull(at, "at");
        Set<OutboxEntryId> marked = new LinkedHashSet<>();
        for (OutboxEntryId id : new LinkedHashSet<>(ids)) {
            if (markDelivered(id, claimToken, at)) {
                marked.add(id);
            }
        }
        return Collections.unmodifiableSet(marked);
    }

    @Override
    public boolean markFailed(OutboxEntryId id, String claimToken, String error, Instant nextAttemptAt) {
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        OutboxEntry c = lockClaimed(id, claimToken);
        if (c == null) {
            return false;
        }
        rows.replace(c, new OutboxEntry(c.id(), c.kind(), c.patientId(), c.accountId(), c.payload(),
                c.correlationKey(), c.createdAt(), c.deliverAfter(), OutboxStatus.PENDING, c.attempts(),
                nextAttemptAt, null, null, error, null, c.version() + 1));
        return true;
    }

    @Override
    public boolean markDead(OutboxEntryId id, String claimToken, String error, Instant at) {
        Objects.requireNonNull(at, "at");
        OutboxEntry c = lockClaimed(id, claimToken);
        if (c == null) {
            return false;
        }
        rows.replace(c, new OutboxEntry(c.id(), c.kind(), c.patientId(), c.accountId(), c.payload(),
                c.correlationKey(), c.createdAt(), c.deliverAfter(), OutboxStatus.DEAD, c.attempts(),
                c.nextAttemptAt(), null, null, error, at, c.version() + 1));
        return true;
    }

    @Override
    public boolean requeue(OutboxEntryId id, Instant at) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        OutboxEntry c = rows.lockAndRead(id);
        if (c == null || c.status() != OutboxStatus.DEAD) {
            return false;
        }
        rows.replace(c, new OutboxEntry(c.id(), c.kind(), c.patientId(), c.accountId(), c.payload(),
                c.correlationKey(), c.createdAt(), c.deliverAfter(), OutboxStatus.PENDING, 0,
                at, null, null, c.lastError(), null, c.version() + 1));
        return true;
    }

    @Override
    public int cancelPending(String correlationKey, Instant at) {
        Objects.requireNonNull(correlationKey, "correlationKey");
        Objects.requireNonNull(at, "at");
        rows.tx().checkOpen();
        TreeSet<OutboxEntryId> ids = new TreeSet<>(ID_ORDER);
        ids.addAll(data.correlated(correlationKey));
        for (OutboxEntry own : rows.buffered(e -> correlationKey.equals(e.correlationKey()))) {
            ids.add(own.id());
        }
        int cancelled = 0;
        for (OutboxEntryId id : ids) {
            OutboxEntry seen = rows.current(id);
            if (seen == null || !isOpen(seen)) {
                continue;
            }
            OutboxEntry c = rows.lockAndRead(id);
            if (c != null && isOpen(c)) {
                rows.replace(c, new OutboxEntry(c.id(), c.kind(), c.patientId(), c.accountId(), c.payload(),
                        c.correlationKey(), c.createdAt(), c.deliverAfter(), OutboxStatus.CANCELLED, c.attempts(),
                        c.nextAttemptAt(), null, null, c.lastError(), at, c.version() + 1));
                cancelled++;
            }
        }
        return cancelled;
    }

    private static boolean isOpen(OutboxEntry e) {
        return e.status() == OutboxStatus.PENDING || e.status() == OutboxStatus.CLAIMED;
    }

    private static boolean lapsedAtBound(OutboxEntry e, Instant now, int maxAttempts) {
        return e.status() == OutboxStatus.CLAIMED && e.claimExpiresAt() != null && !e.claimExpiresAt().isAfter(now)
                && e.attempts() >= maxAttempts;
    }

    @Override
    public List<OutboxEntry> deadLetterLapsed(Instant now, int maxAttempts, String error, int limit) {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(error, "error");
        TableTx.checkLimit(limit);
        rows.tx().checkOpen();
        TreeSet<Due> candidates = new TreeSet<>(Due.ORDER);
        for (StartKey<OutboxEntryId> due : data.claimed) {
            if (due.start().isAfter(now)) {
                break;
            }
            OutboxEntry seen = rows.current(due.id());
            if (seen != null && lapsedAtBound(seen, now, maxAttempts)) {
                candidates.add(new Due(seen.claimExpiresAt(), seen.id()));
            }
        }
        List<OutboxEntry> out = new ArrayList<>();
        for (Due candidate : candidates) {
            if (out.size() == limit) {
                break;
            }
            if (!rows.tryLock(candidate.id())) {
                continue; // another open transaction holds it: skip, do not wait
            }
            OutboxEntry c = rows.current(candidate.id());
            if (c == null || !lapsedAtBound(c, now, maxAttempts)) {
                rows.unlockUnwritten(candidate.id());
                continue;
            }
            OutboxEntry dead = new OutboxEntry(c.id(), c.kind(), c.patientId(), c.accountId(), c.payload(),
                    c.correlationKey(), c.createdAt(), c.deliverAfter(), OutboxStatus.DEAD, c.attempts(),
                    c.nextAttemptAt(), null, null, error, now, c.version() + 1);
            rows.replace(c, dead);
            out.add(dead);
        }
        return out;
    }

    @Override
    public int purgeCompleted(Instant completedBefore, int limit) {
        Objects.requireNonNull(completedBefore, "completedBefore");
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit must be 1 to 10000, was " + limit);
        }
        rows.tx().checkOpen();
        int purged = 0;
        for (StartKey<OutboxEntryId> due : data.completed) {
            if (purged == limit || !due.start().isBefore(completedBefore)) {
                break;
            }
            OutboxEntry c = rows.lockAndRead(due.id());
            if (c != null && Data.isCompleted(c) && c.completedAt().isBefore(completedBefore)) {
                rows.delete(c);
                purged++;
            }
        }
        return purged;
    }

    @Override
    public List<OutboxEntry> dead(OutboxEntryId after, int limit) {
        TableTx.checkLimit(limit);
        Iterable<OutboxEntryId> committed = after == null ? data.dead : data.dead.tailSet(after, false);
        return rows.page(committed, after, limit, e -> e.status() == OutboxStatus.DEAD);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Counters kept at commit, adjusted by this transaction's own writes: no scan. As at READ
     * COMMITTED, transactions committing meanwhile may show in some counters before others.
     */
    @Override
    public Map<OutboxStatus, Long> countByStatus() {
        rows.tx().checkOpen();
        EnumMap<OutboxStatus, Long> counts = new EnumMap<>(OutboxStatus.class);
        data.counts.forEach((status, count) -> counts.put(status, count.sum()));
        // This transaction's writes are on rows it locked: no other commit moves them meanwhile.
        rows.ownWrites().forEach((id, own) -> {
            OutboxEntry committed = data.table.get(id);
            if (committed != null) {
                counts.merge(committed.status(), -1L, Long::sum);
            }
            counts.merge(own.status(), 1L, Long::sum);
        });
        rows.ownDeletes().forEach((id, gone) -> {
            OutboxEntry committed = data.table.get(id);
            if (committed != null) {
                counts.merge(committed.status(), -1L, Long::sum);
            }
        });
        return Collections.unmodifiableMap(counts);
    }
}
