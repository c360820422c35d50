/**
 * Notifications (NT-1..NT-3): the patient's channel preferences and SMS consent, and the
 * dispatcher of the transactional outbox.
 *
 * <p>Use cases never call the {@link org.patientportal.spi.notification.NotificationSender}: they
 * write outbox entries in their own transaction. {@link org.patientportal.core.notifications.Notifications#dispatchDue()}
 * (or a {@link org.patientportal.core.notifications.Dispatcher} the host schedules) claims due
 * entries with a lease, renders them from templates that carry no PHI, sends them through the
 * patient's chosen channels with a stable id per entry and channel, and records the outcome:
 * delivered, retried with exponential backoff and jitter, or dead-lettered.
 *
 * <p>The rules cited by id ({@code NT-1} ...) are listed in {@code docs/rules.md} of the repository:
 * <a href="https://github.com/patientportal/portal-sdk/blob/main/docs/rules.md#nt-1">https://github.com/patientportal/portal-sdk/blob/main/docs/rules.md#nt-1</a>.
 */
@NullMarked
package org.patientportal.core.notifications;

import org.jspecify.annotations.NullMarked;
