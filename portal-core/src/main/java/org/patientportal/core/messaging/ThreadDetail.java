package org.patientportal.core.messaging;

import org.patientportal.core.Page;

/**
 * A thread with one page of its messages, oldest first.
 *
 * @param thread   the thread
 * @param messages one page of its messages
 */
public record ThreadDetail(ThreadView thread, Page<MessageView> messages) {
}
