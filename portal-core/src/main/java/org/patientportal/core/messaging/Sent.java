package org.patientportal.core.messaging;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.patientportal.model.MessageId;
import org.patientportal.model.MessageThreadId;

/**
 * A message sent (MS-1, MS-3); a retry with the same idempotency key returns the same ids (IN-1).
 *
 * @param threadId  the thread
 * @param messageId the message
 * @param replyBy   when the clinic's reply is due, or null when the thread awaits none (after a staff reply)
 */
public record Sent(MessageThreadId threadId, MessageId messageId, @Nullable Instant replyBy) {
}
