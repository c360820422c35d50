package org.patientportal.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import org.patientportal.model.Message;
import org.patientportal.model.MessageId;
import org.patientportal.model.MessageSide;
import org.patientportal.model.MessageThreadId;
import org.patientportal.model.PatientId;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.Messages;

/** {@link Messages} on the {@code messages} table; pages read {@code messages_thread_sequence_key}. */
final class JdbcMessages implements Messages {
    private static final String COLUMNS = "id, thread_id, patient_id, sequence, side, author_id, body, sent_at,"
            + " confirmed_not_urgent";
    private static final String INSERT = "INSERT INTO messages (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final JdbcTransaction tx;

    JdbcMessages(JdbcTransaction tx) {
        this.tx = tx;
    }

    @Override
    public void insert(Message m) {
        Objects.requireNonNull(m, "message");
        String sql = tx.postgres() ? INSERT + " ON CONFLICT DO NOTHING" : INSERT;
        int rows = tx.update("add message", sql, p -> p.uuid(m.id().value()).uuid(m.threadId().value())
                .uuid(m.patientId().value()).integer(m.sequence()).text(m.side()).text(m.authorId()).text(m.body())
                .instant(m.sentAt()).bool(m.confirmedNotUrgent()));
        if (rows == 0) {
            throw new DuplicateKeyException("Could not add message: the id or the thread position is taken");
        }
    }

    @Override
    public List<Message> inThread(MessageThreadId thread, int afterSequence, int limit) {
        Objects.requireNonNull(thread, "thread");
        Sql.pageLimit(limit);
        return tx.query("list a thread's messages", "SELECT " + COLUMNS + " FROM messages WHERE thread_id = ?"
                        + " AND sequence > ? ORDER BY sequence" + Sql.limit(limit),
                p -> p.uuid(thread.value()).integer(afterSequence), JdbcMessages::map);
    }

    private static Message map(ResultSet row) throws SQLException {
        return new Message(new MessageId(Sql.uuid(row, "id")), new MessageThreadId(Sql.uuid(row, "thread_id")),
                new PatientId(Sql.uuid(row, "patient_id")), row.getInt("sequence"),
                Sql.enumValue(row, "side", MessageSide.class), row.getString("author_id"), row.getString("body"),
                Sql.instant(row, "sent_at"), row.getBoolean("confirmed_not_urgent"));
    }
}
