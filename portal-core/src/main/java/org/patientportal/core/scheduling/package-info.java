/**
 * Scheduling (SC-1..SC-7): staff define departments, providers, visit types and open slots;
 * patients (and proxies with the {@code APPOINTMENTS} scope) search, book, cancel and reschedule
 * appointments, read their upcoming and past visits, request request-only visit types and join a
 * wait list for an earlier slot. Reminders, confirmations, cancellations and wait-list offers go
 * through the outbox, without PHI.
 */
package org.patientportal.core.scheduling;
