package org.patientportal.core.audit;

import org.patientportal.core.AccessDeniedException;
import org.patientportal.core.Actor;
import org.patientportal.core.InvalidRequestException;
import org.patientportal.core.Page;
import org.patientportal.core.PageRequest;
import org.patientportal.core.PatientOperation;
import org.patientportal.core.Role;
import org.patientportal.model.AuditAction;
import org.patientportal.model.PatientId;
import org.patientportal.model.ProxyScope;

/** The audit trail: append-only, hash-chained per patient, checkpointed by the host (AD-2). */
public interface AuditLog {

    /**
     * Walks every chain, recomputes each event's hash and link, and compares the chain with its head
     * both ways: an edited event, a removed event (a gap, or a removed last event), a reordered one,
     * an event past its chain's head, and a head that is missing or zeroed while its chain has events
     * each break the chain. Chains grown while the walk runs are checked up to the head read first.
     * What it cannot see without a checkpoint: a chain deleted whole, or cut short with its head
     * rewritten to the new last event (see {@link #verify(Iterable)}).
     *
     * @return whether every chain is intact, how many events were checked, and the broken chains
     */
    AuditVerification verify();

    /**
     * Signs the head of every chain and hands the checkpoint to {@code sink}, in parts of up to
     * 1000 heads (chain order; one part with no heads for an empty trail). The host schedules it
     * (hourly, say) and keeps the parts where the database's users cannot rewrite them. Heads are
     * read page by page, each as committed when its page is read; no event is read.
     *
     * @param sink where the parts go, in order
     * @throws RuntimeException whatever {@code sink} throws, which stops the checkpoint
     */
    void checkpoint(AuditCheckpointSink sink);

    /**
     * {@link #verify()}, and checks the trail against a checkpoint: each part's signature under this
     * portal's key, that the parts form one whole checkpoint, and for every head in it that its chain
     * still has a head at least as far and still holds, at the checkpointed sequence, the event with
     * the checkpointed hash. So a chain deleted whole, or cut back below the checkpoint (even with
     * its head rewritten to match), is found. A checkpoint that fails its checks is reported as
     * {@link AuditVerification.CheckpointStatus#REJECTED}, not trusted. Events newer than the
     * checkpoint are only as safe as {@link #verify()} makes them.
     *
     * @param checkpoint the parts of one checkpoint, in order (read once, one part at a time)
     * @return as {@link #verify()}; the chains that lost checkpointed events are broken
     */
    AuditVerification verify(Iterable<AuditCheckpoint> checkpoint);

    /**
     * One page of a patient's audit trail, in sequence order (keyset pagination). Admin only; the
     * read is itself audited (category {@code "audit-trail"}, action READ).
     *
     * @param staff   an admin staff actor
     * @param patient the patient
     * @param page    which page
     * @return one page of events
     * @throws AccessDeniedException   if a staff actor is not an admin (audited, AD-3)
     * @throws InvalidRequestException if the page size or the cursor is invalid
     * @throws org.patientportal.core.NotFoundException if there is no such patient, or the actor is
     *         not staff (as the access policy answers every denied patient or proxy)
     */
    @PatientOperation(self = false, staff = Role.ADMIN, action = AuditAction.READ, category = "audit-trail")
    Page<AuditEntry> trail(Actor staff, PatientId patient, PageRequest page);

    /**
     * The patient's access log (AD-4): who else touched their record, newest first, keyset-paged:
     * staff (by role, and by name when the host gives a {@link StaffDirectory}) and proxies (by
     * name), with the time, the action, the kind of data and the outcome. The patient's own actions,
     * the system's and anonymous callers' are not in it. The patient reads it; a proxy reads it only
     * with every scope on the record today (a teen's parent without the teen's consent does not).
     * The read is audited (category {@code "access-log"}, action READ) as the caller's own action: a
     * patient's read does not appear in their log, a proxy's does.
     *
     * @param actor   the patient, or a proxy with every scope
     * @param patient the patient
     * @param page    which page
     * @return one page of accesses, newest first
     * @throws InvalidRequestException if the page size or the cursor is invalid
     * @throws org.patientportal.core.NotFoundException if there is no such patient, or access is
     *         denied (staff get {@link AccessDeniedException}: the admin reads {@link #trail})
     */
    @PatientOperation(scope = {ProxyScope.APPOINTMENTS, ProxyScope.MEDICATIONS, ProxyScope.RESULTS,
            ProxyScope.MESSAGING, ProxyScope.RECORDS}, action = AuditAction.READ, category = "access-log")
    Page<AccessLogEntry> accessLog(Actor actor, PatientId patient, PageRequest page);
}
