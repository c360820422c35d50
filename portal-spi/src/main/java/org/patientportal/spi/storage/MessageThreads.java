package org.patientportal.spi.storage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.patientportal.model.MessageSide;
import org.patientportal.model.MessageThread;
import org.patientportal.model.MessageThreadId;
import org.patientportal.model.PatientId;
import org.patientportal.model.PoolId;
import org.patientportal.model.ProviderId;
import org.patientportal.model.StartCursor;
import org.patientportal.model.ThreadStatus;

/**
 * Message threads (MS-1..MS-6). Every change after the insert is one conditional write on the
 * thread's row (an {@code UPDATE ... WHERE} that reads the row's own columns, or a row lock), so
 * concurrent messages and mark-reads serialise on the row and the counters never drift.
 */
public interface MessageThreads {
    /**
     * Inserts a new thread as given (version 0).
     *
     * @throws DuplicateKeyException if the id is taken
     */
    void insert(MessageThread thread);

    /** The thread with this id. */
    Optional<MessageThread> find(MessageThreadId id);

    /**
     * Adds one message of {@code side} to an OPEN thread, atomically: that side's message count
     * grows by one, that side has read everything of the other side, {@code lastMessageAt} becomes
     * {@code at}. A patient message sets {@code awaitingSince} to {@code at} and {@code replyBy} to
     * {@code replyBy} unless the thread already awaits a reply (then both stay); a clinic message
     * clears both. The version grows by one.
     *
     * @param replyBy when the clinic's reply is due; required for {@link MessageSide#PATIENT}, ignored otherwise
     * @return the thread as stored, or empty if there is no such thread or it is CLOSED (nothing changed)
     */
    Optional<MessageThread> append(MessageThreadId id, MessageSide side, Instant at, Instant replyBy);

    /**
     * Marks every message of the other side read by {@code reader}'s side, atomically (the read
     * count becomes the other side's message count as stored at that moment). The version grows by
     * one only when something changed. The thread returned is the state right after marking, under
     * the row's lock: its unread count for {@code reader} is 0 even when a message of the other side
     * commits at the same moment (that message then counts as unread after it).
     *
     * @return the thread as stored, or empty if there is no such thread
     */
    Optional<MessageThread> markRead(MessageThreadId id, MessageSide reader);

    /**
     * Moves a thread from {@code from} to {@code to} if it is in {@code from}, atomically. Closing
     * clears {@code awaitingSince} and {@code replyBy}. The version grows by one.
     *
     * @return the thread as stored, or empty if there is no such thread or it is not in {@code from}
     */
    Optional<MessageThread> changeStatus(MessageThreadId id, ThreadStatus from, ThreadStatus to);

    /**
     * Routes a thread to another pool and provider (null: the pool alone); nothing else changes.
     * The version grows by one.
     *
     * @return the thread as stored, or empty if there is no such thread
     */
    Optional<MessageThread> reassign(MessageThreadId id, PoolId pool, ProviderId provider);

    /**
     * One page of a pool's inbox (MS-6): its OPEN threads awaiting a reply, oldest first, in
     * ascending ({@code awaitingSince}, id) order (keyset pagination).
     *
     * @param after the (awaitingSince, id) of the last row of the previous page, or null for the first page
     * @param limit page size, 1 to 1000
     */
    List<MessageThread> awaitingReply(PoolId pool, StartCursor after, int limit);

    /**
     * One page of a patient's threads, any status, newest first (descending id order: ids are
     * time-ordered).
     *
     * @param after the last id of the previous page, or null for the first page
     * @param limit page size, 1 to 1000
     */
    List<MessageThread> forPatient(PatientId patient, MessageThreadId after, int limit);

    /** The clinic messages the patient's side has not read, over all of the patient's threads. */
    long unreadByPatient(PatientId patient);

    /** The patient messages the clinic has not read, over the OPEN threads of the pool. */
    long unreadByPool(PoolId pool);
}
