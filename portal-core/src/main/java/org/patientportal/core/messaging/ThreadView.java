package org.patientportal.core.messaging;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.patientportal.model.MessageThreadId;
import org.patientportal.model.PatientId;
import org.patientportal.model.PoolId;
import org.patientportal.model.ProviderId;
import org.patientportal.model.ThreadStatus;
import org.patientportal.model.TopicId;

/**
 * A thread as shown to either side. The subject is exactly as the patient sent it (escape it when
 * rendering).
 *
 * @param id            the thread's id
 * @param patientId     the patient
 * @param topicId       the topic
 * @param poolId        the pool that answers it
 * @param providerId    the provider it is addressed to, or null for the pool
 * @param subject       the subject
 * @param status        open or closed
 * @param createdAt     when it was started
 * @param lastMessageAt when its latest message was sent
 * @param replyBy       when the clinic's reply is due (MS-6: business days in the clinic's zone), or
 *                      null when the thread awaits no reply
 * @param overdue       whether the reply is due and not given
 * @param patientUnread clinic messages the patient's side has not read (MS-3)
 * @param clinicUnread  patient messages the clinic has not read (MS-3)
 */
public record ThreadView(MessageThreadId id, PatientId patientId, TopicId topicId, PoolId poolId,
                         @Nullable ProviderId providerId, String subject, ThreadStatus status, Instant createdAt,
                         Instant lastMessageAt, @Nullable Instant replyBy, boolean overdue, int patientUnread,
                         int clinicUnread) {
}
