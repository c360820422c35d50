package org.patientportal.core.medications;

import org.patientportal.core.AccessDeniedException;
import org.patientportal.core.Actor;
import org.patientportal.core.ConflictException;
import org.patientportal.core.InvalidRequestException;
import org.patientportal.core.NotFoundException;
import org.patientportal.core.Page;
import org.patientportal.core.PageRequest;
import org.patientportal.core.PatientOperation;
import org.patientportal.core.Role;
import org.patientportal.core.RuleViolationException;
import org.patientportal.model.AuditAction;
import org.patientportal.model.PatientId;
import org.patientportal.model.PharmacyId;
import org.patientportal.model.ProxyScope;
import org.patientportal.model.RefillRequestId;

/**
 * Medications and refills (RF-1..RF-7).
 *
 * <p>Imports take a {@code CLINICIAN} or the clinic's record system ({@code INTEGRATION}); the
 * patient side takes the patient or a proxy with the {@code MEDICATIONS} scope (PX-2 ages apply);
 * decisions take a {@code CLINICIAN}. A denied patient or proxy is answered as for an unknown
 * patient ({@link NotFoundException}), a staff role not listed gets {@link AccessDeniedException}.
 * Every call records one audit event on the patient's chain, success, denied or failed (AD-1,
 * AD-3); a refused call changes nothing (IN-2). No medication name or dose reaches a log line, an
 * exception message or a notification (LG-1, NT-3).
 */
public interface Medications {

    // ---- the clinic's side, without a patient

    /**
     * Adds a pharmacy to the directory (RF-4).
     *
     * @param staff   a front-desk or admin staff actor
     * @param command the pharmacy
     * @return the pharmacy
     * @throws AccessDeniedException   if the actor may not
     * @throws InvalidRequestException if the command is invalid
     * @throws ConflictException       if the NCPDP id is in the directory already
     */
    PharmacyView addPharmacy(Actor staff, AddPharmacy command);

    /**
     * One page of the pharmacy directory, in id order (RF-4). Any staff actor or patient.
     *
     * @param actor who asks
     * @param page  which page
     * @return the page
     * @throws AccessDeniedException   if there is no actor
     * @throws InvalidRequestException if the page request is invalid
     */
    Page<PharmacyView> pharmacies(Actor actor, PageRequest page);

    /**
     * One page of the clinicians' refill queue: open requests of every patient, oldest first (RF-3).
     *
     * @param clinician a clinician
     * @param page      which page
     * @return the page
     * @throws AccessDeniedException   if the actor is not a clinician
     * @throws InvalidRequestException if the page request is invalid
     */
    Page<RefillQueueItem> refillQueue(Actor clinician, PageRequest page);

    // ---- imports (RF-1, RF-5)

    /**
     * Imports a batch of the patient's prescriptions, in one transaction (RF-1, RF-5): one row per
     * source id; a higher source version replaces the stored one, the same or an older version
     * changes nothing (and is not audited); a prescription now DISCONTINUED closes its open request
     * with reason {@code discontinued}; one ENTERED_IN_ERROR leaves the patient's list. One UPDATE
     * audit event per prescription changed.
     *
     * @param staff   a clinician or the clinic's record system (INTEGRATION)
     * @param patient the patient
     * @param command the batch
     * @return how many were received and changed
     * @throws InvalidRequestException with every violation (paths {@code prescriptions[i].field}),
     *                                 including a pharmacy not in the directory and an expiry before the written date
     * @throws NotFoundException       if there is no such patient
     */
    @PatientOperation(self = false, staff = {Role.CLINICIAN, Role.INTEGRATION},
            action = AuditAction.UPDATE, category = "prescription")
    Imported importPrescriptions(Actor staff, PatientId patient, ImportPrescriptions command);

    // ---- the patient's side

    /**
     * One page of the medication list: active prescriptions, then inactive ones, each with whether
     * it can be refilled now or why not (RF-6). Entered-in-error prescriptions are not listed.
     *
     * @param actor   the patient, a proxy with MEDICATIONS, or a clinician
     * @param patient the patient
     * @param page    which page
     * @return the page
     * @throws InvalidRequestException if the page request is invalid
     * @throws NotFoundException       if there is no such patient, or access is denied
     */
    @PatientOperation(scope = ProxyScope.MEDICATIONS, staff = {Role.CLINICIAN},
            action = AuditAction.READ, category = "prescription")
    Page<MedicationView> medications(Actor actor, PatientId patient, PageRequest page);

    /**
     * Adds a pharmacy of the directory to the patient's preferred ones (RF-4); adding it again
     * changes nothing.
     *
     * @param actor    the patient, a proxy with MEDICATIONS, or front-desk staff
     * @param patient  the patient
     * @param pharmacy a pharmacy of the directory
     * @return the pharmacy
     * @throws NotFoundException if there is no such patient or pharmacy, or access is denied
     */
    @PatientOperation(scope = ProxyScope.MEDICATIONS, staff = {Role.FRONT_DESK},
            action = AuditAction.UPDATE, category = "preferred-pharmacy")
    PharmacyView addPreferredPharmacy(Actor actor, PatientId patient, PharmacyId pharmacy);

    /**
     * Removes a pharmacy from the patient's preferred ones (RF-4).
     *
     * @param actor    the patient, a proxy with MEDICATIONS, or front-desk staff
     * @param patient  the patient
     * @param pharmacy the pharmacy
     * @throws NotFoundException if there is no such patient, the pharmacy is not a preferred one, or access is denied
     */
    @PatientOperation(scope = ProxyScope.MEDICATIONS, staff = {Role.FRONT_DESK},
            action = AuditAction.DELETE, category = "preferred-pharmacy")
    void removePreferredPharmacy(Actor actor, PatientId patient, PharmacyId pharmacy);

    /**
     * One page of the patient's preferred pharmacies, in id order (RF-4).
     *
     * @param actor   the patient, a proxy with MEDICATIONS, or front-desk staff
     * @param patient the patient
     * @param page    which page
     * @return the page
     * @throws InvalidRequestException if the page request is invalid
     * @throws NotFoundException       if there is no such patient, or access is denied
     */
    @PatientOperation(scope = ProxyScope.MEDICATIONS, staff = {Role.FRONT_DESK},
            action = AuditAction.READ, category = "preferred-pharmacy")
    Page<PharmacyView> preferredPharmacies(Actor actor, PatientId patient, PageRequest page);

    /**
     * Requests a refill (RF-2, RF-4): accepted only for an active, unexpired prescription with
     * refills left, not Schedule II, not too early (by default 75 % of the days of supply since the
     * last fill) and without an open request, even under concurrency and across nodes. The pharmacy
     * is one of the patient's preferred ones, or the prescription's when none is given. Idempotent
     * with {@link RequestRefill#idempotencyKey()} (IN-1).
     *
     * @param actor   the patient or a proxy with MEDICATIONS
     * @param patient the patient
     * @param command the prescription, pharmacy and idempotency key
     * @return the open request
     * @throws InvalidRequestException if the command is invalid, or the pharmacy is not a preferred one (path {@code pharmacyId})
     * @throws NotFoundException       if there is no such patient or prescription of theirs, or access is denied
     * @throws RuleViolationException  with the reason code of {@link Refillability#reason()}
     * @throws ConflictException       if the idempotency key was used with other parameters
     */
    @PatientOperation(scope = ProxyScope.MEDICATIONS, action = AuditAction.CREATE, category = "refill-request")
    RefillRequestView requestRefill(Actor actor, PatientId patient, RequestRefill command);

    /**
     * Withdraws an open refill request.
     *
     * @param actor   the patient or a proxy with MEDICATIONS
     * @param patient the patient
     * @param request the request
     * @return the withdrawn request
     * @throws NotFoundException if there is no such patient or request of theirs, or access is denied
     * @throws ConflictException if it is no longer open
     */
    @PatientOperation(scope = ProxyScope.MEDICATIONS, action = AuditAction.UPDATE, category = "refill-request")
    RefillRequestView withdrawRefill(Actor actor, PatientId patient, RefillRequestId request);

    /**
     * One page of the patient's refill requests with their outcome, in id (request) order (RF-3).
     *
     * @param actor   the patient, a proxy with MEDICATIONS, or a clinician
     * @param patient the patient
     * @param page    which page
     * @return the page
     * @throws InvalidRequestException if the page request is invalid
     * @throws NotFoundException       if there is no such patient, or access is denied
     */
    @PatientOperation(scope = ProxyScope.MEDICATIONS, staff = {Role.CLINICIAN},
            action = AuditAction.READ, category = "refill-request")
    Page<RefillRequestView> refillRequests(Actor actor, PatientId patient, PageRequest page);

    // ---- decisions (RF-3, RF-7)

    /**
     * Approves an open request (RF-3, RF-7): decided once (a concurrent second decision gets
     * {@link ConflictException}); the prescription's refills go down by one atomically and its last
     * fill is today; an approval that would go below zero refills is refused. The patient is
     * notified through the outbox (NT-3).
     *
     * @param clinician a clinician
     * @param patient   the patient
     * @param request   the request
     * @return the approved request
     * @throws NotFoundException      if there is no such patient or request of theirs
     * @throws ConflictException      if it was decided already
     * @throws RuleViolationException {@code no_refills_left} or {@code inactive}
     */
    @PatientOperation(self = false, staff = {Role.CLINICIAN}, action = AuditAction.UPDATE, category = "refill-request")
    RefillRequestView approveRefill(Actor clinician, PatientId patient, RefillRequestId request);

    /**
     * Denies an open request with a reason (RF-3, RF-7), once; the patient is notified (NT-3).
     *
     * @param clinician  a clinician
     * @param patient    the patient
     * @param request    the request
     * @param reasonCode a machine reason: 1 to 64 lower-case letters, digits or underscores
     * @return the denied request
     * @throws InvalidRequestException if the reason is malformed
     * @throws NotFoundException       if there is no such patient or request of theirs
     * @throws ConflictException       if it was decided already
     */
    @PatientOperation(self = false, staff = {Role.CLINICIAN}, action = AuditAction.UPDATE, category = "refill-request")
    RefillRequestView denyRefill(Actor clinician, PatientId patient, RefillRequestId request, String reasonCode);
}
