package org.patientportal.core.maintenance;

import org.patientportal.core.AccessDeniedException;
import org.patientportal.core.Actor;
import org.patientportal.core.InvalidRequestException;

/**
 * Maintenance a host schedules (the SDK has no threads of its own): a nightly job of the host calls
 * {@link #purge} as an {@code ADMIN} staff actor of its own ({@code Actor.staff("retention-job", Role.ADMIN)}).
 *
 * <p><b>Retention (NT-2).</b> Delivered and cancelled outbox entries and idempotency records are
 * kept until purged; nothing else is ever purged here: pending, claimed and dead-lettered entries
 * stay, and the audit trail is append-only (AD-2). Each call records one audit event on the system
 * chain (actor the admin, action {@code DELETE}, category {@code retention}, the counts as its reason;
 * no PHI); a refused call records a DENIED one (AD-3).
 */
public interface Maintenance {
    /**
     * Deletes delivered and cancelled outbox entries completed more than
     * {@link Purge#outboxOlderThan()} ago and idempotency records created more than
     * {@link Purge#idempotencyOlderThan()} ago, oldest first, at most {@value Purge#BATCH} rows per
     * statement and transaction, at most {@value Purge#MAX_BATCHES} batches per kind per call (so
     * one call never holds a connection for long). Call it again while {@link Purged#complete()} is
     * false. Safe to run on several nodes at once.
     *
     * @param admin   an {@code ADMIN} staff actor
     * @param command how old a row must be to go
     * @return what was deleted
     * @throws AccessDeniedException   if the actor is not {@code ADMIN} staff
     * @throws InvalidRequestException if a bound is missing or shorter than one day
     */
    Purged purge(Actor admin, Purge command);
}
