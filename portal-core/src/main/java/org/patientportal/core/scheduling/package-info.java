/**
 * Scheduling (SC-1..SC-7): staff define departments, providers, visit types and open slots;
 * patients (and proxies with the {@code APPOINTMENTS} scope) search, book, cancel and reschedule
 * appointments, read their upcoming and past visits, request request-only visit types and join a
 * wait list for an earlier slot. Reminders, confirmations, cancellations and wait-list offers go
 * through the outbox, without PHI.
 *
 * <p>The rules cited by id ({@code SC-1} ...) are listed in {@code docs/rules.md} of the repository:
 * <a href="https://github.com/patientportal/portal-sdk/blob/main/docs/rules.md#sc-1">https://github.com/patientportal/portal-sdk/blob/main/docs/rules.md#sc-1</a>.
 */
@NullMarked
package org.patientportal.core.scheduling;

import org.jspecify.annotations.NullMarked;
