package org.patientportal.inmemory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.UnaryOperator;
import org.patientportal.model.MessageSide;
import org.patientportal.model.MessageThread;
import org.patientportal.model.MessageThreadId;
import org.patientportal.model.PatientId;
import org.patientportal.model.PoolId;
import org.patientportal.model.ProviderId;
import org.patientportal.model.StartCursor;
import org.patientportal.model.ThreadStatus;
import org.patientportal.spi.storage.MessageThreads;

/**
 * One transaction's {@link MessageThreads}. Every change locks the thread's row and rewrites it
 * from the latest committed version, so counters change one writer at a time. Indexes: a
 * patient's threads, a pool's threads, and a pool's awaiting threads in (awaitingSince, id) order.
 */
final class InMemoryMessageThreads implements MessageThreads {
    private static final Comparator<MessageThreadId> ID_ORDER = (MessageThreadId l, MessageThreadId r) -> org.patientportal.model.Uuids.compareUnsigned(l.value(), r.value());
    private static final Comparator<StartKey<MessageThreadId>> AWAITING_ORDER = StartKey::compare;
    private static final Comparator<MessageThread> ROW_AWAITING_ORDER = Comparator
            .comparing(MessageThread::awaitingSince).thenComparing(MessageThread::id, ID_ORDER);

    /** Committed threads and their indexes. */
    static final class Data {
        final Table<MessageThreadId, MessageThread> table = new Table<>("message_thread", MessageThread::id, ID_ORDER);
        final Map<PatientId, NavigableSet<MessageThreadId>> byPatient = new ConcurrentHashMap<>();
        final Map<PoolId, NavigableSet<MessageThreadId>> byPool = new ConcurrentHashMap<>();
        final Map<PoolId, NavigableSet<StartKey<MessageThreadId>>> awaiting = new ConcurrentHashMap<>();

        Data() {
            table.indexer((oldRow, newRow) -> {
                byPatient.computeIfAbsent(newRow.patientId(), k -> new ConcurrentSkipListSet<>(ID_ORDER)).add(newRow.id());
                byPool.computeIfAbsent(newRow.poolId(), k -> new ConcurrentSkipListSet<>(ID_ORDER)).add(newRow.id());
                StartKey<MessageThreadId> newKey = awaitingKey(newRow);
                if (newKey != null) {
                    awaiting.computeIfAbsent(newRow.poolId(), k -> new ConcurrentSkipListSet<>(AWAITING_ORDER)).add(newKey);
                }
                if (oldRow != null) {
                    if (!oldRow.poolId().equals(newRow.poolId())) {
                        NavigableSet<MessageThreadId> ids = byPool.get(oldRow.poolId());
                        if (ids != null) {
                            ids.remove(oldRow.id());
                        }
                    }
                    StartKey<MessageThreadId> oldKey = awaitingKey(oldRow);
                    if (oldKey != null && !(oldKey.equals(newKey) && oldRow.poolId().equals(newRow.poolId()))) {
                        NavigableSet<StartKey<MessageThreadId>> keys = awaiting.get(oldRow.poolId());
                        if (keys != null) {
                            keys.remove(oldKey);
                        }
                    }
                }
            });
        }

        private static StartKey<MessageThreadId> awaitingKey(MessageThread row) {
            return row.status() == ThreadStatus.OPEN && row.awaitingSince() != null
                    ? new StartKey<>(row.awaitingSince(), row.id(), row.id().value()) : null;
        }
    }

    private final Data data;
    private final TableTx<MessageThreadId, MessageThread> rows;

    InMemoryMessageThreads(Data data, Transaction tx) {
        this.data = data;
        this.rows = TableTx.open(data.table, tx);
    }

    @Override
    public void insert(MessageThread thread) {
        Objects.requireNonNull(thread, "thread");
        if (thread.version() != 0) {
            throw new IllegalArgumentException("a new thread has version 0");
        }
        rows.insert(thread);
    }

    @Override
    public Optional<MessageThread> find(MessageThreadId id) {
        Objects.requireNonNull(id, "id");
        return rows.find(id);
    }

    @Override
    public Optional<MessageThread> append(MessageThreadId id, MessageSide side, Instant at, Instant replyBy) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(at, "at");
        if (side == MessageSide.PATIENT) {
            Objects.requireNonNull(replyBy, "replyBy");
        }
        return change(id, t -> {
            if (t.status() != ThreadStatus.OPEN) {
                return null;
            }
            if (side == MessageSide.PATIENT) {
                boolean waiting = t.awaitingSince() != null;
                return new MessageThread(t.id(), t.patientId(), t.topicId(), t.poolId(), t.providerId(), t.subject(),
                        t.status(), t.createdAt(), at, waiting ? t.awaitingSince() : at,
                        waiting ? t.replyBy() : replyBy, t.patientMessages() + 1, t.clinicMessages(),
                        t.clinicMessages(), t.clinicReadThrough(), t.version() + 1);
            }
            return new MessageThread(t.id(), t.patientId(), t.topicId(), t.poolId(), t.providerId(), t.subject(),
                    t.status(), t.createdAt(), at, null, null, t.patientMessages(), t.clinicMessages() + 1,
                    t.patientReadThrough(), t.patientMessages(), t.version() + 1);
        });
    }

    @Override
    public Optional<MessageThread> markRead(MessageThreadId id, MessageSide reader) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(reader, "reader");
        MessageThread current = rows.lockAndRead(id);
        if (current == null) {
            return Optional.empty();
        }
        if (current.unreadBy(reader) == 0) {
            return Optional.of(current);
        }
        MessageThread t = current;
        MessageThread read = new MessageThread(t.id(), t.patientId(), t.topicId(), t.poolId(), t.providerId(),
                t.subject(), t.status(), t.createdAt(), t.lastMessageAt(), t.awaitingSince(), t.replyBy(),
                t.patientMessages(), t.clinicMessages(),
                reader == MessageSide.PATIENT ? t.clinicMessages() : t.patientReadThrough(),
                reader == MessageSide.CLINIC ? t.patientMessages() : t.clinicReadThrough(), t.version() + 1);
        rows.replace(current, read);
        return Optional.of(read);
    }

    @Override
    public Optional<MessageThread> changeStatus(MessageThreadId id, ThreadStatus from, ThreadStatus to) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        return change(id, t -> t.status() != from ? null
                : new MessageThread(t.id(), t.patientId(), t.topicId(), t.poolId(), t.providerId(), t.subject(), to,
                        t.createdAt(), t.lastMessageAt(), to == ThreadStatus.CLOSED ? null : t.awaitingSince(),
                        to == ThreadStatus.CLOSED ? null : t.replyBy(), t.patientMessages(), t.clinicMessages(),
                        t.patientReadThrough(), t.clinicReadThrough(), t.version() + 1));
    }

    @Override
    public Optional<MessageThread> reassign(MessageThreadId id, PoolId pool, ProviderId provider) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(pool, "pool");
        return change(id, t -> new MessageThread(t.id(), t.patientId(), t.topicId(), pool, provider, t.subject(),
                t.status(), t.createdAt(), t.lastMessageAt(), t.awaitingSince(), t.replyBy(), t.patientMessages(),
                t.clinicMessages(), t.patientReadThrough(), t.clinicReadThrough(), t.version() + 1));
    }

    @Override
    public List<MessageThread> awaitingReply(PoolId pool, StartCursor after, int limit) {
        Objects.requireNonNull(pool, "pool");
        TableTx.checkLimit(limit);
        NavigableSet<StartKey<MessageThreadId>> keys = data.awaiting.get(pool);
        List<MessageThreadId> ids = new ArrayList<>();
        if (keys != null) {
            NavigableSet<StartKey<MessageThreadId>> tail = after == null ? keys
                    : keys.tailSet(new StartKey<>(after.start(), new MessageThreadId(after.id()), new MessageThreadId(after.id()).value()), false);
            tail.forEach(k -> ids.add(k.id()));
        }
        return rows.pageInOrder(ids, ROW_AWAITING_ORDER, t -> t.poolId().equals(pool)
                && t.status() == ThreadStatus.OPEN && t.awaitingSince() != null
                && (after == null || ROW_AWAITING_ORDER.compare(t, probe(after)) > 0), limit);
    }

    @Override
    public List<MessageThread> forPatient(PatientId patient, MessageThreadId after, int limit) {
        Objects.requireNonNull(patient, "patient");
        TableTx.checkLimit(limit);
        NavigableSet<MessageThreadId> ids = data.byPatient.get(patient);
        Iterable<MessageThreadId> committed = ids == null ? List.of()
                : after == null ? ids.descendingSet() : ids.headSet(after, false).descendingSet();
        Comparator<MessageThread> newestFirst = Comparator.comparing(MessageThread::id, ID_ORDER.reversed());
        return rows.pageInOrder(committed, newestFirst, t -> t.patientId().equals(patient)
                && (after == null || ID_ORDER.compare(t.id(), after) < 0), limit);
    }

    @Override
    public long unreadByPatient(PatientId patient) {
        Objects.requireNonNull(patient, "patient");
        NavigableSet<MessageThreadId> ids = data.byPatient.get(patient);
        return rows.select(ids == null ? List.of() : ids, t -> t.patientId().equals(patient)).stream()
                .mapToLong(t -> t.unreadBy(MessageSide.PATIENT)).sum();
    }

    @Override
    public long unreadByPool(PoolId pool) {
        Objects.requireNonNull(pool, "pool");
        NavigableSet<MessageThreadId> ids = data.byPool.get(pool);
        return rows.select(ids == null ? List.of() : ids, t -> t.poolId().equals(pool)
                && t.status() == ThreadStatus.OPEN).stream().mapToLong(t -> t.unreadBy(MessageSide.CLINIC)).sum();
    }

    /** Locks the row, applies {@code change} (null: no change) and writes the result. */
    private Optional<MessageThread> change(MessageThreadId id, UnaryOperator<MessageThread> change) {
        MessageThread current = rows.lockAndRead(id);
        if (current == null) {
            return Optional.empty();
        }
        MessageThread changed = change.apply(current);
        if (changed == null) {
            return Optional.empty();
        }
        rows.replace(current, changed);
        return Optional.of(changed);
    }

    private static MessageThread probe(StartCursor after) {
        return new MessageThread(new MessageThreadId(after.id()), new PatientId(after.id()),
                new org.patientportal.model.TopicId(after.id()), new PoolId(after.id()), null, "probe",
                ThreadStatus.OPEN, after.start(), after.start(), after.start(), after.start(), 0, 0, 0, 0, 0);
    }
}
