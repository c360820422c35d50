package org.patientportal.core.results;

import org.patientportal.core.AccessDeniedException;
import org.patientportal.core.Actor;
import org.patientportal.core.InvalidRequestException;
import org.patientportal.core.NotFoundException;
import org.patientportal.core.Page;
import org.patientportal.core.PageRequest;
import org.patientportal.core.PatientOperation;
import org.patientportal.core.Role;
import org.patientportal.core.RuleViolationException;
import org.patientportal.model.AuditAction;
import org.patientportal.model.PatientId;
import org.patientportal.model.ProxyScope;
import org.patientportal.model.ResultId;

/**
 * Test results (RS-1..RS-8).
 *
 * <p>Every operation takes a {@link PatientId} and is decided by the access policy of
 * {@link PatientOperation}: imports by {@code CLINICIAN} or {@code INTEGRATION} staff; holds,
 * releases and comments by {@code CLINICIAN}s; reads by the patient, a proxy with the
 * {@code RESULTS} scope (PX-2: a 12-to-17-year-old's parent only with the teen's consent, RS-5) and
 * clinicians. A denied patient or proxy is answered as for an unknown patient
 * ({@link NotFoundException}), a staff role not listed with {@link AccessDeniedException}; a result
 * id of another patient is not found. Every call records one audit event, success, denied or
 * failed (AD-1, AD-3); a refused call changes nothing (IN-2).
 *
 * <p>Release is computed at read time, never scheduled (RS-6): the patient sees a result when its
 * release instant has passed (the import, or later under the host's category delay or the patient's
 * own delay of sensitive results, {@link ResultsPolicy}, {@link #setReleaseDelay}), no clinician's
 * hold is active and it is not entered in error. Each
 * release notifies once through the outbox, at the release instant, with no test name or value
 * (RS-4, NT-3); a hold placed first withdraws it, and lifting the hold notifies once.
 */
public interface Results {

    /**
     * Imports one version of a result from the clinic's record system (RS-1, RS-8): a new source id
     * creates the result (released at once, or at the end of its category delay, with its release
     * notification waiting in the outbox until then); a newer version becomes the current one and
     * keeps the earlier ones (RS-3); the same or an older version changes nothing. An entered-in-error
     * version takes the result out of the patient's view (never out of the audit trail) and withdraws
     * a pending release notification. A correction of a result the patient already opened notifies
     * once more ("A test result was updated") and makes it unread.
     *
     * @param staff   a clinician or the record system ({@code INTEGRATION})
     * @param patient the patient
     * @param command the version
     * @return the result's id and what the import did
     * @throws InvalidRequestException if the command is invalid (see {@link ImportResult})
     * @throws AccessDeniedException   if the staff role may not import
     * @throws NotFoundException       if there is no such patient
     */
    @PatientOperation(self = false, staff = {Role.CLINICIAN, Role.INTEGRATION}, action = AuditAction.CREATE,
            category = "test-result")
    Imported importResult(Actor staff, PatientId patient, ImportResult command);

    /**
     * One page of the patient's results, newest first (by resulted instant): for the patient and
     * proxies the released ones only, with unread markers (RS-3); for clinicians every result, held
     * ones with their reason.
     *
     * @param actor   the patient, a proxy with RESULTS, or a clinician
     * @param patient the patient
     * @param page    the page (size 1 to 500, cursor from the previous page)
     * @return one page
     * @throws InvalidRequestException if the page is invalid (paths {@code page.size}, {@code page.cursor})
     * @throws NotFoundException       if there is no such patient, or access is denied
     */
    @PatientOperation(scope = ProxyScope.RESULTS, staff = {Role.CLINICIAN}, action = AuditAction.READ,
            category = "test-result")
    Page<ResultSummary> list(Actor actor, PatientId patient, PageRequest page);

    /**
     * One result with its components, ranges, flags, comment and earlier versions (RS-1, RS-3, RS-7).
     * Opening it does not mark it read ({@link #markRead}).
     *
     * @param actor   the patient, a proxy with RESULTS, or a clinician
     * @param patient the patient
     * @param result  the result
     * @return the current version
     * @throws NotFoundException if there is no such result of this patient, it is not released (for
     *                           the patient and proxies), or access is denied
     */
    @PatientOperation(scope = ProxyScope.RESULTS, staff = {Role.CLINICIAN}, action = AuditAction.READ,
            category = "test-result")
    ResultDetail detail(Actor actor, PatientId patient, ResultId result);

    /**
     * One version of a result, current or earlier (RS-3: the patient can open the versions before a
     * correction).
     *
     * @param actor         the patient, a proxy with RESULTS, or a clinician
     * @param patient       the patient
     * @param result        the result
     * @param sourceVersion the version, from {@link ResultDetail#earlierVersions()}
     * @return that version
     * @throws NotFoundException if there is no such result or version, it is not released (for the
     *                           patient and proxies), or access is denied
     */
    @PatientOperation(scope = ProxyScope.RESULTS, staff = {Role.CLINICIAN}, action = AuditAction.READ,
            category = "test-result")
    ResultDetail version(Actor actor, PatientId patient, ResultId result, long sourceVersion);

    /**
     * Marks a released result read (its unread marker goes); reading it again changes nothing.
     *
     * @param actor   the patient or a proxy with RESULTS
     * @param patient the patient
     * @param result  the result
     * @throws NotFoundException if there is no such released result of this patient, or access is denied
     */
    @PatientOperation(scope = ProxyScope.RESULTS, action = AuditAction.UPDATE, category = "test-result")
    void markRead(Actor actor, PatientId patient, ResultId result);

    /**
     * The trend of one component code (RS-7): its numeric values in the patient's released results,
     * oldest first, each with its unit; a point whose unit differs from the previous one's says so.
     *
     * @param actor   the patient, a proxy with RESULTS, or a clinician
     * @param patient the patient
     * @param code    the component code (LOINC), 1 to 64 characters
     * @param page    the page
     * @return one page of points
     * @throws InvalidRequestException if the code or the page is invalid
     * @throws NotFoundException       if there is no such patient, or access is denied
     */
    @PatientOperation(scope = ProxyScope.RESULTS, staff = {Role.CLINICIAN}, action = AuditAction.READ,
            category = "test-result")
    Page<TrendPoint> trend(Actor actor, PatientId patient, String code, PageRequest page);

    /**
     * Holds a result for a stated reason (RS-2, harm prevention): it leaves the patient's view and
     * a release notification still waiting in the outbox is withdrawn (RS-6). Holding a held result
     * replaces the reason.
     *
     * @param clinician a clinician
     * @param patient   the patient
     * @param result    the result
     * @param command   the reason
     * @return the result as clinicians see it
     * @throws InvalidRequestException if the reason is empty or too long
     * @throws NotFoundException       if there is no such result of this patient
     * @throws RuleViolationException  {@code entered_in_error} if the result was entered in error
     */
    @PatientOperation(self = false, staff = {Role.CLINICIAN}, action = AuditAction.UPDATE, category = "test-result")
    ResultDetail hold(Actor clinician, PatientId patient, ResultId result, HoldResult command);

    /**
     * Lifts a clinician's hold and the patient's own delay (RS-2: the patient asked for the
     * clinician's review first), with an optional comment released with the result (RS-7): the
     * patient sees it now (or at the end of its category delay) and is notified once then; a
     * release notification that was waiting for the end of the patient's delay is not sent again.
     *
     * @param clinician a clinician
     * @param patient   the patient
     * @param result    the result
     * @param command   the optional comment
     * @return the result as clinicians see it
     * @throws InvalidRequestException if the comment is too long
     * @throws NotFoundException       if there is no such result of this patient
     * @throws RuleViolationException  {@code not_held} if no hold is active and the patient's delay
     *                                 does not keep it back
     */
    @PatientOperation(self = false, staff = {Role.CLINICIAN}, action = AuditAction.UPDATE, category = "test-result")
    ResultDetail release(Actor clinician, PatientId patient, ResultId result, ReleaseResult command);

    /**
     * Sets the clinician's comment for the patient (RS-7), seen with the result when it is released.
     *
     * @param clinician a clinician
     * @param patient   the patient
     * @param result    the result
     * @param command   the comment
     * @return the result as clinicians see it
     * @throws InvalidRequestException if the comment is empty or too long
     * @throws NotFoundException       if there is no such result of this patient
     */
    @PatientOperation(self = false, staff = {Role.CLINICIAN}, action = AuditAction.UPDATE, category = "test-result")
    ResultDetail comment(Actor clinician, PatientId patient, ResultId result, CommentOnResult command);

    /**
     * Sets the patient's own delay of their sensitive results (RS-2, patient-requested: "let my
     * clinician review sensitive results first, up to N days"). A result whose order code the host
     * calls sensitive ({@link ResultsPolicy#sensitive}), imported while a delay is set, is released
     * that many days after its import at the earliest (and not before its category delay ends),
     * unless a clinician releases it first ({@link #release}); its release notification waits until
     * then (RS-6). The setting affects later imports only.
     *
     * @param actor   the patient, or a proxy with RESULTS (PX-2)
     * @param patient the patient
     * @param command the delay, 0 for none
     * @return the delay as set
     * @throws InvalidRequestException if the days are negative or above the host's
     *                                 {@link ResultsPolicy#maxPatientDelayDays()} (path {@code days})
     * @throws NotFoundException       if there is no such patient, or access is denied
     */
    @PatientOperation(scope = ProxyScope.RESULTS, action = AuditAction.UPDATE, category = "result-release-delay")
    ReleaseDelay setReleaseDelay(Actor actor, PatientId patient, SetReleaseDelay command);

    /**
     * The patient's own delay of their sensitive results (RS-2), 0 days if never set.
     *
     * @param actor   the patient, a proxy with RESULTS, a clinician or the front desk
     * @param patient the patient
     * @return the delay
     * @throws NotFoundException if there is no such patient, or access is denied
     */
    @PatientOperation(scope = ProxyScope.RESULTS, staff = {Role.CLINICIAN, Role.FRONT_DESK}, action = AuditAction.READ,
            category = "result-release-delay")
    ReleaseDelay releaseDelay(Actor actor, PatientId patient);
}
