package org.patientportal.core.messaging;

import java.time.Instant;
import org.patientportal.model.MessageId;
import org.patientportal.model.MessageSide;

/**
 * One message, exactly as sent (escape it when rendering).
 *
 * @param id                 the message's id
 * @param sequence           its place in the thread, from 1
 * @param side               the patient's side or the clinic's
 * @param authorId           the account id of the patient or proxy, or the host's staff id
 * @param body               the text
 * @param sentAt             when it was sent
 * @param confirmedNotUrgent whether the patient confirmed a flagged message was not urgent (MS-2)
 */
public record MessageView(MessageId id, int sequence, MessageSide side, String authorId, String body, Instant sentAt,
                          boolean confirmedNotUrgent) {
}
