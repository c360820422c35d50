package org.patientportal.core.profile;

import org.patientportal.core.Actor;
import org.patientportal.core.InvalidRequestException;
import org.patientportal.core.NotFoundException;
import org.patientportal.core.PatientOperation;
import org.patientportal.core.RuleViolationException;
import org.patientportal.model.AuditAction;
import org.patientportal.model.PatientId;
import org.patientportal.model.ProxyScope;

/**
 * The patient's profile (PR-1, PR-2).
 *
 * <p><b>Who may call.</b> {@link #view}: the patient, and a proxy whose grant has every scope today
 * (full access: a teen-restricted parent has not, PX-2). Changing a contact: the patient only. A
 * proxy must not change where the patient's codes and security notices go (AU-7), and no staff role
 * calls these. A refused patient or proxy is answered exactly as an unknown patient
 * ({@link NotFoundException}), and the refusal is audited (AD-3).
 *
 * <p><b>Changing a contact (PR-2).</b> {@link #changeEmail} or {@link #changeMobile} sends a code to
 * the new address (never to the one on file) and nothing changes yet; a newer request of the same
 * kind replaces the older one and its code. {@link #confirmContactChange} with that code, within 15
 * minutes and 5 attempts, puts the new address on file; the previous address, and every contact on
 * file, get a {@code contact-changed} security notice with no address and no PHI in it. A changed
 * mobile number needs SMS consent again (NT-1). The code is stored only as a keyed hash.
 *
 * <p>Every call records one audit event (AD-1): category {@code profile} for a read,
 * {@code contact-change} for a request, {@code contact} for a confirmation (or its failure, with the
 * reason).
 */
public interface Profile {

    /**
     * The patient's name, birth date and contacts on file (masked), and the changes waiting for a
     * code.
     *
     * @throws NotFoundException if there is no such patient, or the actor may not see it
     */
    @PatientOperation(scope = {ProxyScope.APPOINTMENTS, ProxyScope.MEDICATIONS, ProxyScope.RESULTS,
            ProxyScope.MESSAGING, ProxyScope.RECORDS}, action = AuditAction.READ, category = "profile")
    ProfileView view(Actor actor, PatientId patient);

    /**
     * Asks to change the email on file: a code goes to {@code command.newEmail()}.
     *
     * @return where the code went (masked) and until when it is valid
     * @throws InvalidRequestException if the address is not an email address
     * @throws RuleViolationException  {@code same_as_on_file} if it is the email already on file
     * @throws NotFoundException       if there is no such patient, or the actor may not change it
     */
    @PatientOperation(action = AuditAction.CREATE, category = "contact-change")
    ContactChangeRequested changeEmail(Actor actor, PatientId patient, ChangeEmail command);

    /**
     * Asks to change the mobile number on file: a code goes by SMS to {@code command.newMobile()}.
     *
     * @return where the code went (masked) and until when it is valid
     * @throws InvalidRequestException if the number is not E.164
     * @throws RuleViolationException  {@code same_as_on_file} if it is the number already on file
     * @throws NotFoundException       if there is no such patient, or the actor may not change it
     */
    @PatientOperation(action = AuditAction.CREATE, category = "contact-change")
    ContactChangeRequested changeMobile(Actor actor, PatientId patient, ChangeMobile command);

    /**
     * Confirms a change with the code sent to the new address: the new address goes on file, the
     * previous one is told (AU-7), and the patient's unredeemed password-reset code is revoked, its
     * message cancelled if not yet sent (it may have gone to the address replaced).
     *
     * @return the profile as it is now
     * @throws InvalidRequestException if the code is not in the code format
     * @throws RuleViolationException  {@code no_pending_change}, {@code code_expired},
     *                                 {@code code_locked} (5 wrong codes: ask again) or
     *                                 {@code wrong_code}; each wrong code is counted
     * @throws NotFoundException       if there is no such patient, or the actor may not change it
     */
    @PatientOperation(action = AuditAction.UPDATE, category = "contact")
    ProfileView confirmContactChange(Actor actor, PatientId patient, ConfirmContactChange command);
}
