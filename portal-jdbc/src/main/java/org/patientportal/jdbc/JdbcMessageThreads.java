package org.patientportal.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.patientportal.model.MessageSide;
import org.patientportal.model.MessageThread;
import org.patientportal.model.MessageThreadId;
import org.patientportal.model.PatientId;
import org.patientportal.model.PoolId;
import org.patientportal.model.ProviderId;
import org.patientportal.model.StartCursor;
import org.patientportal.model.ThreadStatus;
import org.patientportal.model.TopicId;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.MessageThreads;

/**
 * {@link MessageThreads} on the {@code message_threads} table. Every change is one conditional
 * {@code UPDATE} whose new counters are computed from the row's own columns under its row lock
 * (returning the row on PostgreSQL, re-read on H2), so concurrent messages and mark-reads never
 * make a count drift. The inbox reads {@code message_threads_inbox_idx} (pool, awaiting_since, id).
 */
final class JdbcMessageThreads implements MessageThreads {
    private static final String COLUMNS = "id, patient_id, topic_id, pool_id, provider_id, subject, status, created_at,"
            + " last_message_at, awaiting_since, reply_by, patient_messages, clinic_messages, patient_read_through,"
            + " clinic_read_through, version";
    private static final String INSERT = "INSERT INTO message_threads (" + COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM message_threads";
    /** reply_by is set before awaiting_since changes, so it reads the old value under any UPDATE semantics. */
    private static final String APPEND_PATIENT = "UPDATE message_threads SET patient_messages = patient_messages + 1,"
            + " patient_read_through = clinic_messages, last_message_at = ?,"
            + " reply_by = CASE WHEN awaiting_since IS NULL THEN ? ELSE reply_by END,"
            + " awaiting_since = COALESCE(awaiting_since, ?), version = version + 1"
            + " WHERE id = ? AND status = 'OPEN'";
    private static final String APPEND_CLINIC = "UPDATE message_threads SET clinic_messages = clinic_messages + 1,"
            + " clinic_read_through = patient_messages, last_message_at = ?, awaiting_since = NULL, reply_by = NULL,"
            + " version = version + 1 WHERE id = ? AND status = 'OPEN'";
    /**
     * Always a write (the row lock makes the returned row the state right after marking, even when a
     * reply commits at the same moment); the version grows only when the read count changes.
     */
    private static final String READ_PATIENT = "UPDATE message_threads SET"
            + " version = version + CASE WHEN patient_read_through <> clinic_messages THEN 1 ELSE 0 END,"
            + " patient_read_through = clinic_messages WHERE id = ?";
    private static final String READ_CLINIC = "UPDATE message_threads SET"
            + " version = version + CASE WHEN clinic_read_through <> patient_messages THEN 1 ELSE 0 END,"
            + " clinic_read_through = patient_messages WHERE id = ?";
    private static final String CLOSE = "UPDATE message_threads SET status = ?, awaiting_since = NULL, reply_by = NULL,"
            + " version = version + 1 WHERE id = ? AND status = ?";
    private static final String OPEN = "UPDATE message_threads SET status = ?, version = version + 1"
            + " WHERE id = ? AND status = ?";
    private static final String REASSIGN = "UPDATE message_threads SET pool_id = ?, provider_id = ?,"
            + " version = version + 1 WHERE id = ?";

    private final JdbcTransaction tx;

    JdbcMessageThreads(JdbcTransaction tx) {
        this.tx = tx;
    }

    @Override
    public void insert(MessageThread t) {
        Objects.requireNonNull(t, "thread");
        if (t.version() != 0) {
            throw new IllegalArgumentException("a new thread has version 0");
        }
        String sql = tx.postgres() ? INSERT + " ON CONFLICT DO NOTHING" : INSERT;
        int rows = tx.update("add message thread", sql, p -> p.uuid(t.id().value()).uuid(t.patientId().value())
                .uuid(t.topicId().value()).uuid(t.poolId().value())
                .uuid(t.providerId() == null ? null : t.providerId().value()).text(t.subject()).text(t.status())
                .instant(t.createdAt()).instant(t.lastMessageAt()).instant(t.awaitingSince()).instant(t.replyBy())
                .integer(t.patientMessages()).integer(t.clinicMessages()).integer(t.patientReadThrough())
                .integer(t.clinicReadThrough()).bigint(0));
        if (rows == 0) {
            throw new DuplicateKeyException("Could not add message thread: the id is taken");
        }
    }

    @Override
    public Optional<MessageThread> find(MessageThreadId id) {
        Objects.requireNonNull(id, "id");
        return tx.queryOne("find message thread", SELECT + " WHERE id = ?", p -> p.uuid(id.value()),
                JdbcMessageThreads::map);
    }

    @Override
    public Optional<MessageThread> append(MessageThreadId id, MessageSide side, Instant at, Instant replyBy) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(at, "at");
        if (side == MessageSide.PATIENT) {
            Objects.requireNonNull(replyBy, "replyBy");
            return tx.updateReturning("add message to thread", APPEND_PATIENT, COLUMNS,
                    p -> p.instant(at).instant(replyBy).instant(at).uuid(id.value()), JdbcMessageThreads::map,
                    () -> find(id));
        }
        return tx.updateReturning("add message to thread", APPEND_CLINIC, COLUMNS,
                p -> p.instant(at).uuid(id.value()), JdbcMessageThreads::map, () -> find(id));
    }

    @Override
    public Optional<MessageThread> markRead(MessageThreadId id, MessageSide reader) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(reader, "reader");
        return tx.updateReturning("mark thread read", reader == MessageSide.PATIENT ? READ_PATIENT : READ_CLINIC,
                COLUMNS, p -> p.uuid(id.value()), JdbcMessageThreads::map, () -> find(id));
    }

    @Override
    public Optional<MessageThread> changeStatus(MessageThreadId id, ThreadStatus from, ThreadStatus to) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        return tx.updateReturning("change thread status", to == ThreadStatus.CLOSED ? CLOSE : OPEN, COLUMNS,
                p -> p.text(to).uuid(id.value()).text(from), JdbcMessageThreads::map, () -> find(id));
    }

    @Override
    public Optional<MessageThread> reassign(MessageThreadId id, PoolId pool, ProviderId provider) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(pool, "pool");
        return tx.updateReturning("reassign thread", REASSIGN, COLUMNS, p -> p.uuid(pool.value())
                        .uuid(provider == null ? null : provider.value()).uuid(id.value()), JdbcMessageThreads::map,
                () -> find(id));
    }

    @Override
    public List<MessageThread> awaitingReply(PoolId pool, StartCursor after, int limit) {
        Objects.requireNonNull(pool, "pool");
        Sql.pageLimit(limit);
        String keyset = after == null ? ""
                : tx.postgres() ? " AND (awaiting_since, id) > (?, ?)"
                : " AND (awaiting_since > ? OR awaiting_since = ? AND id > ?)";
        return tx.query("list a pool's inbox", SELECT + " WHERE pool_id = ? AND status = 'OPEN'"
                + " AND awaiting_since IS NOT NULL" + keyset + " ORDER BY awaiting_since, id" + Sql.limit(limit),
                p -> {
                    p.uuid(pool.value());
                    if (after != null) {
                        p.instant(after.start());
                        if (!tx.postgres()) {
                            p.instant(after.start());
                        }
                        p.uuid(after.id());
                    }
                }, JdbcMessageThreads::map);
    }

    @Override
    public List<MessageThread> forPatient(PatientId patient, MessageThreadId after, int limit) {
        Objects.requireNonNull(patient, "patient");
        Sql.pageLimit(limit);
        return tx.query("list a patient's threads", SELECT + " WHERE patient_id = ?"
                + (after == null ? "" : " AND id < ?") + " ORDER BY id DESC" + Sql.limit(limit), p -> {
                    p.uuid(patient.value());
                    if (after != null) {
                        p.uuid(after.value());
                    }
                }, JdbcMessageThreads::map);
    }

    @Override
    public long unreadByPatient(PatientId patient) {
        Objects.requireNonNull(patient, "patient");
        return tx.queryOne("count a patient's unread messages", "SELECT COALESCE(SUM(clinic_messages"
                        + " - patient_read_through), 0) AS unread FROM message_threads WHERE patient_id = ?",
                p -> p.uuid(patient.value()), row -> row.getLong("unread")).orElse(0L);
    }

    @Override
    public long unreadByPool(PoolId pool) {
        Objects.requireNonNull(pool, "pool");
        return tx.queryOne("count a pool's unread messages", "SELECT COALESCE(SUM(patient_messages"
                        + " - clinic_read_through), 0) AS unread FROM message_threads WHERE pool_id = ?"
                        + " AND status = 'OPEN'",
                p -> p.uuid(pool.value()), row -> row.getLong("unread")).orElse(0L);
    }

    private static MessageThread map(ResultSet row) throws SQLException {
        java.util.UUID provider = Sql.uuid(row, "provider_id");
        return new MessageThread(new MessageThreadId(Sql.uuid(row, "id")), new PatientId(Sql.uuid(row, "patient_id")),
                new TopicId(Sql.uuid(row, "topic_id")), new PoolId(Sql.uuid(row, "pool_id")),
                provider == null ? null : new ProviderId(provider), row.getString("subject"),
                Sql.enumValue(row, "status", ThreadStatus.class), Sql.instant(row, "created_at"),
                Sql.instant(row, "last_message_at"), Sql.instant(row, "awaiting_since"), Sql.instant(row, "reply_by"),
                row.getInt("patient_messages"), row.getInt("clinic_messages"), row.getInt("patient_read_through"),
                row.getInt("clinic_read_through"), row.getLong("version"));
    }
}
