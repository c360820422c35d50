package org.patientportal.core.messaging;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.patientportal.model.ProviderId;
import org.patientportal.model.TopicId;
import org.patientportal.core.TextRule;

/**
 * Start a thread (MS-1). The subject and the body are stored exactly as sent: nothing is trimmed,
 * normalised or HTML-escaped (escaping is the host's job when it renders them).
 *
 * @param topicId            a topic from {@link Messaging#topics}
 * @param providerId         the provider to write to (MS-5: the primary care provider or one seen in
 *                           the care-team window), or null for the topic's pool
 * @param subject            1 to 200 characters (code points), not blank, no control characters
 * @param body               1 to 10,000 characters (code points), not blank; line breaks and tabs but no other control characters (IN-2)
 *                           except line feed, carriage return and tab
 * @param confirmedNotUrgent the patient confirms, after seeing {@link Messaging#URGENT_NOTICE}, that
 *                           the message is not urgent (MS-2)
 * @param idempotencyKey     1 to 255 characters without control characters, to make retries safe (IN-1), or null
 */
public record StartThread(@NotNull TopicId topicId,
                          @Nullable ProviderId providerId,
                          @NotNull String subject,
                          @TextRule(TextRule.Form.MULTI_LINE) @NotNull String body,
                          boolean confirmedNotUrgent,
                          @Nullable @Size(min = 1, max = 255)
                          @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters")
                          String idempotencyKey) {
}
