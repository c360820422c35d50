package org.patientportal.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One message of a thread. Holds PHI (the body): {@link #toString()} prints ids only. The body is
 * stored exactly as sent.
 *
 * @param id                 the message's id
 * @param threadId           the thread
 * @param patientId          the thread's patient (every patient-owned row carries it)
 * @param sequence           its place in the thread, from 1: the thread's message count once it was added
 * @param side               the patient's side or the clinic's
 * @param authorId           the account id of the patient or proxy, or the host's staff id
 * @param body               the text, 1 to 10,000 characters
 * @param sentAt             when it was sent
 * @param confirmedNotUrgent whether the patient confirmed that a message the screener flagged is not urgent (MS-2)
 */
public record Message(MessageId id, MessageThreadId threadId, PatientId patientId, int sequence, MessageSide side,
                      String authorId, String body, Instant sentAt, boolean confirmedNotUrgent) {
    public Message {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(threadId, "threadId");
        Objects.requireNonNull(patientId, "patientId");
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence must be at least 1");
        }
        Objects.requireNonNull(side, "side");
        Checks.notBlank(authorId, "authorId");
        Objects.requireNonNull(body, "body");
        if (body.isEmpty()) {
            throw new IllegalArgumentException("body must not be empty");
        }
        Objects.requireNonNull(sentAt, "sentAt");
    }

    @Override
    public String toString() {
        return "Message[id=" + id + ", thread=" + threadId + ", sequence=" + sequence + ", side=" + side + "]";
    }
}
