package org.patientportal.core.enrollment;

import org.patientportal.core.AccessDeniedException;
import org.patientportal.core.Actor;
import org.patientportal.core.AuthenticationFailedException;
import org.patientportal.core.ConflictException;
import org.patientportal.core.InvalidRequestException;
import org.patientportal.core.NotFoundException;
import org.patientportal.core.PatientOperation;
import org.patientportal.core.Role;
import org.patientportal.core.RuleViolationException;
import org.patientportal.model.AuditAction;
import org.patientportal.model.Delivery;
import org.patientportal.model.PatientId;

/**
 * Enrollment use cases (EN-1..EN-8). Staff operations need the {@code FRONT_DESK} or {@code ADMIN}
 * role (ST-1); those that take a {@link PatientId} are decided by the access policy of
 * {@link PatientOperation}, so a patient or proxy actor calling one is answered as for an unknown
 * patient ({@link NotFoundException}). Every call records exactly one audit event, success, denied or failed (AD-1, AD-3);
 * a refused call changes nothing else.
 */
public interface Enrollment {

    /**
     * Registers a patient of the clinic. The SSN4 is stored only as a keyed hash (EN-7).
     *
     * @param staff   a front-desk or admin staff actor
     * @param command the patient's details
     * @return the new patient's id
     * @throws InvalidRequestException if the command is invalid (every violation, with field paths)
     * @throws AccessDeniedException   if the actor may not register patients
     * @throws ConflictException       if a patient has this medical record number
     */
    PatientId registerPatient(Actor staff, RegisterPatient command);

    /**
     * Issues a sign-up activation code (EN-1, EN-2, EN-3), revoking the patient's previous unused one
     * and cancelling its undelivered message. For {@link Delivery#EMAIL} and {@link Delivery#SMS} the
     * code is also queued for delivery to the email or mobile number on file, and only there: it
     * travels through the outbox sealed with AES-GCM, never in clear, and is sent by
     * {@code notifications().dispatchDue()}. The staff caller never sees such a code: the returned
     * {@link ActivationCode#value()} is null when the code was sent by email or SMS: it goes only to
     * the contact on file (EN-1). Printed and handed-over deliveries ({@link Delivery#LETTER},
     * {@link Delivery#AFTER_VISIT_SUMMARY}, {@link Delivery#IN_PERSON}) return it.
     *
     * @param staff    a front-desk or admin staff actor
     * @param patient  a registered patient without an account
     * @param delivery how the code reaches the patient; sets its validity (EN-3)
     * @return the code; its value is shown once and never stored, and is null when the code was sent
     *         by email or SMS: it goes only to the contact on file (EN-1)
     * @throws InvalidRequestException if an argument is missing
     * @throws AccessDeniedException   if a staff actor may not issue codes
     * @throws NotFoundException       if there is no such patient, or the actor is not staff
     * @throws RuleViolationException  {@code already_enrolled} if the patient has an account;
     *                                 {@code no_email_on_file} / {@code no_mobile_on_file} for an
     *                                 email or SMS delivery without the address on file;
     *                                 {@code sms_stopped} for an SMS delivery to a number that
     *                                 opted out with STOP (NT-1)
     */
    @PatientOperation(self = false, staff = {Role.FRONT_DESK, Role.ADMIN}, action = AuditAction.CREATE,
            category = "activation-code")
    ActivationCode issueActivationCode(Actor staff, PatientId patient, Delivery delivery);

    /**
     * Revokes every unused sign-up and reset code of the patient.
     *
     * @param staff   a front-desk or admin staff actor
     * @param patient a registered patient
     * @return how many codes were revoked
     * @throws AccessDeniedException if a staff actor may not revoke codes
     * @throws NotFoundException     if there is no such patient, or the actor is not staff
     */
    @PatientOperation(self = false, staff = {Role.FRONT_DESK, Role.ADMIN}, action = AuditAction.UPDATE,
            category = "activation-code")
    int revokeActivationCodes(Actor staff, PatientId patient);

    /**
     * Creates the patient's account (EN-4..EN-8, AU-1, AU-2). Idempotent with
     * {@link SignUp#idempotencyKey()} (IN-1).
     *
     * @param command code, SSN4, birth date, username, password, optional idempotency key
     * @return the new account
     * @throws InvalidRequestException        if the command is invalid, including a malformed code and
     *                                        every username and password rule, told to the user; the
     *                                        code is not touched
     * @throws AuthenticationFailedException  for every wrong or unusable code, SSN4 or birth date, and
     *                                        for a patient who already has an account (EN-5, EN-8)
     * @throws ConflictException              if the username is not available, or the idempotency key
     *                                        was used with other parameters
     */
    SignedUp signUp(SignUp command);

    /**
     * Issues a password-reset code (AU-7) for a patient who has an account, revoking the previous
     * unused one. It is redeemed by {@code auth().resetPassword}. Email and SMS deliveries are queued
     * as for {@link #issueActivationCode}, and their value is not returned either.
     *
     * @param staff    a front-desk or admin staff actor
     * @param patient  a patient with an account
     * @param delivery how the code reaches the patient; sets its validity
     * @return the code; its value is shown once and never stored, and is null when the code was sent
     *         by email or SMS: it goes only to the contact on file (EN-1)
     * @throws AccessDeniedException   if a staff actor may not issue codes
     * @throws NotFoundException       if there is no such patient, or the actor is not staff
     * @throws RuleViolationException {@code not_enrolled} if the patient has no account
     */
    @PatientOperation(self = false, staff = {Role.FRONT_DESK, Role.ADMIN}, action = AuditAction.CREATE,
            category = "reset-code")
    ActivationCode issuePasswordResetCode(Actor staff, PatientId patient, Delivery delivery);
}
