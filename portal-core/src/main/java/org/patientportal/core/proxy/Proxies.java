package org.patientportal.core.proxy;

import java.util.List;
import java.util.Set;
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
import org.patientportal.model.ProxyGrantId;
import org.patientportal.model.ProxyScope;

/**
 * Proxy access (PX-1..PX-3): who may act for which patient, and with what scopes.
 *
 * <p>A proxy is a patient's own portal account (from {@code auth().authenticate}) acting for another
 * patient: the host passes that patient's id to any operation, and the access policy lets the call
 * through when the account holds a grant whose effective scopes today include the operation's
 * (see {@link PatientOperation}). The age rules (PX-2) use the clock's date in the clock's zone and
 * the patient's birth date, never a stored flag:
 * <ul>
 *   <li>a parent or guardian grant (a patient under 18) gives every granted scope until the 12th
 *       birthday; from the 12th birthday {@code RESULTS} and {@code MESSAGING} only if the teen
 *       consented ({@link #consent}); it ends by itself on the 18th birthday (a patient born on
 *       29 February turns 18 on 28 February of a non-leap year);</li>
 *   <li>a caregiver grant (a patient aged 18 or more) expires 18 months after it was granted or last
 *       renewed ({@link #renew}), at that exact instant.</li>
 * </ul>
 * Every call is validated first (IN-2) and audited once (AD-1, AD-3); a refused call changes
 * nothing. Denied patients and proxies are answered as for an unknown patient
 * ({@link NotFoundException}); staff without the role get {@link AccessDeniedException}.
 */
public interface Proxies {

    /**
     * Grants an account the right to act for a patient (PX-1, PX-3).
     *
     * @param staff   an admin
     * @param patient the patient acted for
     * @param command the account, the relationship and the scopes
     * @return the new grant; a parent or guardian grant's {@code expiresAt} is the start of the 18th
     *         birthday (informational: the birth date decides), a caregiver grant's is 18 months on
     * @throws InvalidRequestException if the command is invalid
     * @throws NotFoundException       if there is no such patient or account
     * @throws RuleViolationException  {@code own_record} for the patient's own account;
     *                                 {@code patient_not_minor} for a parent or guardian grant on a
     *                                 patient aged 18 or more; {@code patient_not_adult} for a caregiver
     *                                 grant on a patient under 18
     * @throws ConflictException       if the account already holds an active grant on this patient
     */
    @PatientOperation(self = false, staff = Role.ADMIN, action = AuditAction.CREATE, category = "proxy-grant")
    ProxyGrantView grant(Actor staff, PatientId patient, GrantProxy command);

    /**
     * Renews a caregiver grant for 18 more months from now (PX-2), expired or not.
     *
     * @param staff   an admin
     * @param patient the patient acted for
     * @param grant   the grant
     * @return the grant as renewed
     * @throws NotFoundException      if there is no such grant on this patient's record, or it was revoked
     * @throws RuleViolationException {@code not_renewable} for a parent or guardian grant (it ends at 18)
     */
    @PatientOperation(self = false, staff = Role.ADMIN, action = AuditAction.UPDATE, category = "proxy-grant")
    ProxyGrantView renew(Actor staff, PatientId patient, ProxyGrantId grant);

    /**
     * Revokes a grant at once (PX-3): an admin, or the patient themselves from their 18th birthday.
     * Revoking a grant already revoked changes nothing.
     *
     * @param actor   an admin, or the adult patient
     * @param patient the patient whose record holds the grant
     * @param grant   the grant
     * @throws NotFoundException if there is no such grant on this patient's record
     */
    @PatientOperation(adultSelfOnly = true, staff = Role.ADMIN, action = AuditAction.UPDATE, category = "proxy-grant")
    void revoke(Actor actor, PatientId patient, ProxyGrantId grant);

    /**
     * Records which of {@code RESULTS} and {@code MESSAGING} a patient aged 12 to 17 lets a parent or
     * guardian keep (PX-2); it replaces the previous consent, so an empty set withdraws it.
     *
     * @param teen    the patient, on their own record
     * @param patient the patient's id
     * @param grant   a parent or guardian grant on the patient's record
     * @param scopes  a subset of {@code RESULTS} and {@code MESSAGING}, each granted by the grant
     * @return the grant with the new consent
     * @throws InvalidRequestException if a scope is missing or is not one needing consent
     * @throws NotFoundException       if there is no such grant on this patient's record, or it was revoked
     * @throws RuleViolationException  {@code not_a_teen} if the patient is not 12 to 17 today;
     *                                 {@code not_a_child_grant} for a caregiver grant;
     *                                 {@code scope_not_granted} for a scope the grant does not give
     */
    @PatientOperation(action = AuditAction.UPDATE, category = "proxy-grant")
    ProxyGrantView consent(Actor teen, PatientId patient, ProxyGrantId grant, Set<ProxyScope> scopes);

    /**
     * The grants not revoked on a patient's record, in grant order, expired ones included (see
     * {@code expiresAt}).
     *
     * @param actor   an admin or front-desk staff member, or the patient
     * @param patient the patient
     * @param page    which page
     * @return one page of grants
     * @throws InvalidRequestException if the page size or the cursor is invalid
     * @throws NotFoundException       if there is no such patient
     */
    @PatientOperation(staff = {Role.ADMIN, Role.FRONT_DESK}, action = AuditAction.READ, category = "proxy-grant")
    Page<ProxyGrantView> grants(Actor actor, PatientId patient, PageRequest page);

    /**
     * The patients a logged-in account can act for now: its own record first (on the first page),
     * then one item per grant it holds with effective scopes today, in grant order. Each patient
     * listed is audited as read (AD-1), as a proxy read for the others. Grants without effective
     * scopes (expired, or ended at 18) are left out, so a page may hold fewer items than asked for
     * while {@link Page#hasNext()} is still true.
     *
     * @param me   the logged-in patient, from {@code auth().authenticate}
     * @param page which page
     * @return one page of patients
     * @throws InvalidRequestException if {@code me} is missing, or the page size or cursor is invalid
     * @throws AccessDeniedException   for a staff actor (staff have no account)
     */
    Page<ActingFor> actingFor(Actor me, PageRequest page);
}
