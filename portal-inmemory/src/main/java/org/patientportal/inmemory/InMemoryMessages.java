package org.patientportal.inmemory;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.patientportal.model.Message;
import org.patientportal.model.MessageId;
import org.patientportal.model.MessageThreadId;
import org.patientportal.spi.storage.Messages;

/** One transaction's {@link Messages}: unique per (thread, sequence), indexed per thread in sequence order. */
final class InMemoryMessages implements Messages {
    /**
     * The unique position of a message.
     *
     * @param thread   the thread
     * @param sequence the sequence
     */
    record Position(MessageThreadId thread, int sequence) {
    }

    /** Committed messages and the per-thread index. */
    static final class Data {
        final Table<MessageId, Message> table = new Table<>("message", Message::id, (MessageId l, MessageId r) -> org.patientportal.model.Uuids.compareUnsigned(l.value(), r.value()));
        final Unique<MessageId, Message, Position> position = table.unique("thread_sequence",
                m -> new Position(m.threadId(), m.sequence()));
        final Map<MessageThreadId, NavigableMap<Integer, MessageId>> byThread = new ConcurrentHashMap<>();

        Data() {
            table.indexer((oldRow, newRow) -> byThread.computeIfAbsent(newRow.threadId(),
                    k -> new ConcurrentSkipListMap<>()).put(newRow.sequence(), newRow.id()));
        }
    }

    private final Data data;
    private final TableTx<MessageId, Message> rows;

    InMemoryMessages(Data data, Transaction tx) {
        this.data = data;
        this.rows = TableTx.open(data.table, tx);
    }

    @Override
    public void insert(Message message) {
        Objects.requireNonNull(message, "message");
        rows.insert(message);
    }

    @Override
    public List<Message> inThread(MessageThreadId thread, int afterSequence, int limit) {
        Objects.requireNonNull(thread, "thread");
        TableTx.checkLimit(limit);
        NavigableMap<Integer, MessageId> ids = data.byThread.get(thread);
        Iterable<MessageId> committed = ids == null ? List.of() : ids.tailMap(afterSequence, false).values();
        return rows.pageInOrder(committed, Comparator.comparingInt(Message::sequence),
                m -> m.threadId().equals(thread) && m.sequence() > afterSequence, limit);
    }
}
