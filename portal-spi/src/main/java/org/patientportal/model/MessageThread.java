package org.patientportal.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A conversation between a patient and the care team (MS-1..MS-6). Holds PHI (the subject):
 * {@link #toString()} prints ids only.
 *
 * <p>Unread counts are derived from four counters that stores change only with single-row
 * conditional writes: a side's unread count is the other side's message count minus what this
 * side has read, so a reply and a mark-read racing can never make it drift (MS-3).
 *
 * @param id                    the thread's id
 * @param patientId             the patient
 * @param topicId               the topic the patient chose
 * @param poolId                the pool that answers it (the topic's, or another after a reassignment)
 * @param providerId            the provider it is addressed to, or null for the pool
 * @param subject               the subject, 1 to 200 characters, stored exactly as sent
 * @param status                open or closed
 * @param createdAt             when it was started
 * @param lastMessageAt         when its latest message was sent
 * @param awaitingSince         when the oldest patient message not yet answered was sent, or null
 *                              when the thread awaits no reply from the clinic
 * @param replyBy               when the clinic's reply is due (MS-6), or null when none is awaited
 * @param patientMessages       messages written on the patient's side
 * @param clinicMessages        messages written on the clinic's side
 * @param patientReadThrough    how many clinic messages the patient's side has read
 * @param clinicReadThrough     how many patient messages the clinic's side has read
 * @param version               optimistic-lock version, 0 for a new row
 */
public record MessageThread(MessageThreadId id, PatientId patientId, TopicId topicId, PoolId poolId,
                            ProviderId providerId, String subject, ThreadStatus status, Instant createdAt,
                            Instant lastMessageAt, Instant awaitingSince, Instant replyBy, int patientMessages,
                            int clinicMessages, int patientReadThrough, int clinicReadThrough, long version) {
    public MessageThread {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(topicId, "topicId");
        Objects.requireNonNull(poolId, "poolId");
        Checks.notBlank(subject, "subject");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastMessageAt, "lastMessageAt");
        if ((awaitingSince == null) != (replyBy == null)) {
            throw new IllegalArgumentException("awaitingSince and replyBy are both set or both null");
        }
        Checks.notNegative(patientMessages, "patientMessages");
        Checks.notNegative(clinicMessages, "clinicMessages");
        if (patientReadThrough < 0 || patientReadThrough > clinicMessages) {
            throw new IllegalArgumentException("patientReadThrough must be 0 to clinicMessages");
        }
        if (clinicReadThrough < 0 || clinicReadThrough > patientMessages) {
            throw new IllegalArgumentException("clinicReadThrough must be 0 to patientMessages");
        }
        Checks.notNegative(version, "version");
    }

    /**
     * A new open thread holding the patient's first message, awaiting the clinic's reply.
     *
     * @param replyBy when the reply is due
     */
    public static MessageThread start(MessageThreadId id, PatientId patient, TopicId topic, PoolId pool,
                                      ProviderId provider, String subject, Instant at, Instant replyBy) {
        return new MessageThread(id, patient, topic, pool, provider, subject, ThreadStatus.OPEN, at, at, at,
                replyBy, 1, 0, 0, 0, 0);
    }

    /** Messages in the thread, both sides. */
    public int messageCount() {
        return patientMessages + clinicMessages;
    }

    /** Messages of the other side that {@code reader}'s side has not read. */
    public int unreadBy(MessageSide reader) {
        return reader == MessageSide.PATIENT ? clinicMessages - patientReadThrough : patientMessages - clinicReadThrough;
    }

    @Override
    public String toString() {
        return "MessageThread[id=" + id + ", patient=" + patientId + ", status=" + status + ", version=" + version + "]";
    }
}
