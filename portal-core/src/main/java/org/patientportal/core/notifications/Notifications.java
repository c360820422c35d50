package org.patientportal.core.notifications;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
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
import org.patientportal.model.OutboxEntryId;
import org.patientportal.model.PatientId;
import org.patientportal.model.ProxyScope;

/**
 * Notifications (NT-1..NT-3): preferences and SMS consent, outbox dispatch and dead letters.
 *
 * <p><b>Who may call.</b> Preferences and SMS consent: the patient on their own record, a proxy
 * whose grant has the {@code MESSAGING} scope (a teen-restricted proxy has not, PX-2), and
 * {@code FRONT_DESK} or {@code ADMIN} staff. A patient or proxy refused is answered exactly as an
 * unknown patient ({@link NotFoundException}). Dead letters: {@code ADMIN} staff only.
 * {@link #dispatchDue()}, {@link #startDispatcher} and {@link #smsStop} are the host's own calls.
 *
 * <p><b>Delivery (NT-2).</b> At least once: an entry is claimed with a lease and a unique claim
 * token, sent outside any transaction, and its outcome recorded with that token; an entry whose
 * dispatcher died is claimed again once the lease ends. Each notification has a stable id,
 * {@code <outbox entry id>:<CHANNEL>} ({@code <outbox entry id>:<CHANNEL>:previous} for the replaced
 * address a {@code contact-changed} notice also goes to), so a sender drops a redelivery. A retryable failure is tried
 * again after an exponential backoff with jitter; after {@link NotificationPolicy#maxAttempts()}
 * attempts, or at once on a permanent failure, the entry is dead-lettered, listed by
 * {@link #deadLetters} and re-queued by {@link #requeue}.
 *
 * <p><b>Channels (NT-1).</b> Per kind, the channels the patient chose, else email. Email goes to the
 * address on file, SMS to the mobile on file and only with recorded consent that no later STOP
 * withdrew, push to the patient's push address. Activation and reset codes go by the channel staff
 * chose when issuing them, to the contact on file at that time only (EN-1). Security notices
 * ({@link NotificationKinds#MANDATORY}, AU-7) go to the email on file and the consented mobile on
 * file in addition to the chosen channels, and by push only to a push address the patient set
 * themselves; only the patient changes their channels (a proxy's or staff member's update keeps
 * them, and one that changes them is refused: {@code security_notices_patient_only}); one with no
 * address to go to is dead-lettered {@code no_address}. Texts come from
 * templates that carry no PHI (NT-3): "You have a new test result. Log in to view it."
 *
 * <p>Every read or change of a patient's preferences, every delivered or dead-lettered entry and
 * every dead-letter listing or re-queue records one audit event (AD-1); refused calls record a
 * DENIED or FAILED one (AD-3).
 */
public interface Notifications {

    /**
     * Claims the entries due now, in batches, and delivers them, until a claim finds less than a
     * full batch. Safe to call from several threads and nodes at once: claims never overlap.
     *
     * @return what was done
     * @throws org.patientportal.core.PortalStorageException if the storage fails while claiming;
     *                                                       claimed entries are then released by
     *                                                       their lease
     */
    DispatchReport dispatchDue();

    /**
     * Runs {@link #dispatchDue()} on the host's executor, at once and then {@code every} after the end
     * of each run, until {@link Dispatcher#stop()}. A failing run is logged and the next one runs.
     *
     * @param executor the host's scheduler; never shut down by the SDK
     * @param every    the pause between runs, positive
     * @return the running dispatcher
     * @throws java.util.concurrent.RejectedExecutionException if the executor refuses the task
     */
    Dispatcher startDispatcher(ScheduledExecutorService executor, Duration every);

    /**
     * The patient's preferences (no channel chosen, no consent, if never saved).
     *
     * @throws NotFoundException     if there is no such patient, or the actor may not see it
     * @throws AccessDeniedException if a staff actor has no allowed role
     */
    @PatientOperation(scope = ProxyScope.MESSAGING, staff = {Role.FRONT_DESK, Role.ADMIN}, action = AuditAction.READ,
            category = "notification-preferences")
    Preferences preferences(Actor actor, PatientId patient);

    /**
     * Replaces the patient's channel choices and push address (NT-1); SMS consent is kept.
     *
     * @return the preferences as stored
     * @throws InvalidRequestException if the command is invalid: an unknown or non-choosable kind, no
     *                                 channel for a security notice, push without a push address
     * @throws NotFoundException       if there is no such patient, or the actor may not see it
     * @throws RuleViolationException  {@code security_notices_patient_only} if a proxy or staff member
     *                                 changes the channels of a security notice (AU-7)
     * @throws ConflictException       if the preferences changed concurrently
     */
    @PatientOperation(scope = ProxyScope.MESSAGING, staff = {Role.FRONT_DESK, Role.ADMIN}, action = AuditAction.UPDATE,
            category = "notification-preferences")
    Preferences updatePreferences(Actor actor, PatientId patient, UpdatePreferences command);

    /**
     * Records the patient's consent to SMS (NT-1) now; it also lifts an earlier STOP.
     *
     * @throws RuleViolationException {@code no_mobile_on_file} if the patient has no mobile number
     * @throws NotFoundException      if there is no such patient, or the actor may not see it
     */
    @PatientOperation(scope = ProxyScope.MESSAGING, staff = {Role.FRONT_DESK, Role.ADMIN}, action = AuditAction.UPDATE,
            category = "sms-consent")
    void recordSmsConsent(Actor actor, PatientId patient);

    /**
     * An inbound STOP from {@code mobileNumber}, as the host's SMS provider reports it (NT-1):
     * withdraws the SMS consent of every patient with that mobile number on file. Pending SMS are
     * then not sent. The host calls it from its provider's webhook; it takes no actor.
     *
     * @param mobileNumber the number in E.164 ({@code +15555550123}); surrounding spaces are ignored
     * @return how many patients have that number on file
     * @throws InvalidRequestException if the number is not E.164
     */
    int smsStop(String mobileNumber);

    /**
     * One page of dead letters, in id order.
     *
     * @param admin an {@code ADMIN} staff actor
     * @param page  which page
     * @return one page of dead letters
     * @throws AccessDeniedException   if the actor is not {@code ADMIN} staff
     * @throws InvalidRequestException if the page size or the cursor is invalid
     */
    Page<DeadLetter> deadLetters(Actor admin, PageRequest page);

    /**
     * Puts a dead letter back in the queue, due now, with its attempts reset.
     *
     * @param admin an {@code ADMIN} staff actor
     * @param id    a dead letter's id
     * @throws AccessDeniedException  if the actor is not {@code ADMIN} staff
     * @throws NotFoundException      if there is no such entry
     * @throws RuleViolationException {@code not_dead} if the entry is not a dead letter
     */
    void requeue(Actor admin, OutboxEntryId id);
}
