package org.patientportal.core.messaging;

import java.time.LocalDate;
import java.time.ZoneId;
import org.jspecify.annotations.Nullable;
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
import org.patientportal.model.MessageThreadId;
import org.patientportal.model.PatientId;
import org.patientportal.model.PoolId;
import org.patientportal.model.ProviderId;
import org.patientportal.model.ProxyScope;

/**
 * Messaging the care team (MS-1..MS-6).
 *
 * <p><b>Who may do what.</b> Set-up (pools, pool members, topics, the clinic's zone and holidays,
 * primary care providers) needs {@code ADMIN}. The patient and proxies with the {@code MESSAGING}
 * scope (PX-2: a parent loses it when the child turns 12 unless the teen consents) start threads,
 * reply, read and mark read. Staff work a thread when they hold {@code CLINICIAN},
 * {@code FRONT_DESK} or {@code ADMIN} <em>and</em> are members of the thread's pool
 * ({@link #addPoolMember}); {@code ADMIN} reaches every pool. Pool membership is stored by the SDK
 * under the host's staff id (the one given to {@link Actor#staff}), so the host says who is in a
 * pool once, with {@link #addPoolMember}. A staff member outside the pool gets
 * {@link AccessDeniedException}; a thread id of another patient answers as not found.
 *
 * <p><b>Text.</b> Subjects and bodies are stored and returned exactly as sent: nothing is trimmed,
 * normalised or HTML-escaped; rendering them safely is the host's job. They never appear in a log
 * line, an exception message or a notification (LG-1, NT-3).
 *
 * <p><b>Urgent matters (MS-2).</b> Every compose screen shows {@link #URGENT_NOTICE}. A patient's
 * message that the urgency screener flags is refused with a {@link RuleViolationException} (reason
 * {@code possibly_urgent}) whose message is the notice, unless the patient resends it with
 * {@code confirmedNotUrgent}; both the refusal and the confirmation are audited.
 *
 * <p>Every call records audit events (AD-1, AD-3); a refused call changes nothing else (IN-2).
 */
public interface Messaging {
    /** The notice every compose screen shows (MS-2), and the message of a {@code possibly_urgent} refusal. */
    String URGENT_NOTICE = "Messages are not for urgent matters. If you need care right away, call your doctor's"
            + " office, or 911 in an emergency.";

    /** The reason of the refusal of a message that looks urgent (MS-2). */
    String POSSIBLY_URGENT = "possibly_urgent";

    /**
     * The notice for compose screens (MS-2).
     *
     * @return {@link #URGENT_NOTICE}
     */
    String urgentNotice();

    // ---- set-up (ADMIN) ----

    /**
     * Creates a pool.
     *
     * @param admin   an admin staff actor
     * @param command the name
     * @return the pool
     * @throws AccessDeniedException   if the actor is not an admin
     * @throws InvalidRequestException if the command is invalid
     */
    PoolView createPool(Actor admin, CreatePool command);

    /**
     * Adds a staff member to a pool (adding twice is fine).
     *
     * @param admin   an admin staff actor
     * @param pool    the pool
     * @param staffId the host's staff id, as given to {@link Actor#staff}
     * @throws AccessDeniedException   if the actor is not an admin
     * @throws InvalidRequestException if the staff id is blank, too long or holds a control character
     * @throws NotFoundException       if there is no such pool
     */
    void addPoolMember(Actor admin, PoolId pool, String staffId);

    /**
     * Removes a staff member from a pool (removing a non-member is fine).
     *
     * @param admin   an admin staff actor
     * @param pool    the pool
     * @param staffId the host's staff id
     * @throws AccessDeniedException   if the actor is not an admin
     * @throws InvalidRequestException if the staff id is invalid
     * @throws NotFoundException       if there is no such pool
     */
    void removePoolMember(Actor admin, PoolId pool, String staffId);

    /**
     * Creates a topic routed to a pool.
     *
     * @param admin   an admin staff actor
     * @param command name, pool, expected response time
     * @return the topic
     * @throws AccessDeniedException   if the actor is not an admin
     * @throws InvalidRequestException if the command is invalid
     * @throws NotFoundException       if there is no such pool
     */
    TopicView createTopic(Actor admin, CreateTopic command);

    /**
     * Sets the clinic's zone, in which business days are counted (MS-6).
     *
     * @param admin an admin staff actor
     * @param zone  the zone
     * @throws AccessDeniedException   if the actor is not an admin
     * @throws InvalidRequestException if the zone is null
     */
    void setClinicZone(Actor admin, ZoneId zone);

    /**
     * Adds a clinic holiday: not a business day (MS-6).
     *
     * @param admin an admin staff actor
     * @param day   the day
     * @throws AccessDeniedException   if the actor is not an admin
     * @throws InvalidRequestException if the day is null
     */
    void addHoliday(Actor admin, LocalDate day);

    /**
     * Removes a clinic holiday.
     *
     * @param admin an admin staff actor
     * @param day   the day
     * @throws AccessDeniedException   if the actor is not an admin
     * @throws InvalidRequestException if the day is null
     */
    void removeHoliday(Actor admin, LocalDate day);

    /**
     * Sets (or clears, with null) the patient's primary care provider (MS-5).
     *
     * @param admin    an admin staff actor
     * @param patient  the patient
     * @param provider the provider, or null to clear
     * @throws AccessDeniedException if the actor is not an admin
     * @throws NotFoundException     if there is no such patient or provider
     */
    @PatientOperation(self = false, staff = {Role.ADMIN}, action = AuditAction.UPDATE, category = "care-team")
    void setPrimaryCareProvider(Actor admin, PatientId patient, @Nullable ProviderId provider);

    /**
     * The active topics, for compose screens (MS-1).
     *
     * @param actor any authenticated patient or staff actor
     * @param page  which page
     * @return one page in a stable order
     * @throws AccessDeniedException   if the actor is null
     * @throws InvalidRequestException if the page request is invalid
     */
    Page<TopicView> topics(Actor actor, PageRequest page);

    // ---- patient side ----

    /**
     * Starts a thread (MS-1): to the topic's pool, or to a provider of the patient's care team
     * (MS-5: the primary care provider, or a provider of a completed visit in the care-team window).
     * The reply-by instant is the end of the topic's N-th business day after the message, in the
     * clinic's zone, skipping weekends and holidays (MS-6). The pool is notified through the
     * outbox (MS-4). Idempotent with {@link StartThread#idempotencyKey()} (IN-1).
     *
     * @param actor   the patient or a proxy with MESSAGING
     * @param patient the patient
     * @param command topic, provider, subject, body, confirmation, idempotency key
     * @return the thread and its first message
     * @throws InvalidRequestException if the command is invalid (IN-2)
     * @throws NotFoundException       if there is no such patient or active topic, or access is denied
     * @throws ConflictException       if the key was used with other parameters
     * @throws RuleViolationException  {@code possibly_urgent} (message: {@link #URGENT_NOTICE}),
     *                                 {@code not_in_care_team}
     */
    @PatientOperation(scope = ProxyScope.MESSAGING, action = AuditAction.CREATE, category = "message-thread")
    Sent start(Actor actor, PatientId patient, StartThread command);

    /**
     * Adds a message to an open thread (MS-3): from the patient's side (screened as in
     * {@link #start}; the reply-by instant is set if the thread awaited no reply) or from staff of
     * the thread's pool (the thread then awaits no reply). The other side is notified through the
     * outbox (MS-4). Idempotent with {@link Reply#idempotencyKey()} (IN-1).
     *
     * @param actor   the patient, a proxy with MESSAGING, or staff of the thread's pool
     * @param patient the patient
     * @param thread  the patient's thread
     * @param command body, confirmation, idempotency key
     * @return the message
     * @throws InvalidRequestException if the command is invalid (IN-2)
     * @throws NotFoundException       if there is no such patient or thread of the patient, or access is denied
     * @throws AccessDeniedException   for staff outside the thread's pool
     * @throws ConflictException       if the key was used with other parameters
     * @throws RuleViolationException  {@code thread_closed} (start a new thread), {@code possibly_urgent}
     */
    @PatientOperation(scope = ProxyScope.MESSAGING, staff = {Role.CLINICIAN, Role.FRONT_DESK, Role.ADMIN},
            action = AuditAction.CREATE, category = "message")
    Sent reply(Actor actor, PatientId patient, MessageThreadId thread, Reply command);

    /**
     * The patient's threads, newest first (MS-3), with unread counts and reply-by instants.
     *
     * @param actor   the patient, a proxy with MESSAGING, or an admin
     * @param patient the patient
     * @param page    which page
     * @return one page
     * @throws InvalidRequestException if the page request is invalid
     * @throws NotFoundException       if there is no such patient, or access is denied
     */
    @PatientOperation(scope = ProxyScope.MESSAGING, staff = {Role.ADMIN}, action = AuditAction.READ,
            category = "message-thread")
    Page<ThreadView> threads(Actor actor, PatientId patient, PageRequest page);

    /**
     * One thread and a page of its messages, oldest first. Reading does not mark read.
     *
     * @param actor   the patient, a proxy with MESSAGING, or staff of the thread's pool
     * @param patient the patient
     * @param thread  the patient's thread
     * @param page    which page of messages
     * @return the thread and the page
     * @throws InvalidRequestException if the page request is invalid
     * @throws NotFoundException       if there is no such patient or thread of the patient, or access is denied
     * @throws AccessDeniedException   for staff outside the thread's pool
     */
    @PatientOperation(scope = ProxyScope.MESSAGING, staff = {Role.CLINICIAN, Role.FRONT_DESK, Role.ADMIN},
            action = AuditAction.READ, category = "message")
    ThreadDetail read(Actor actor, PatientId patient, MessageThreadId thread, PageRequest page);

    /**
     * Marks every message of the other side read, for the caller's side (MS-3).
     *
     * @param actor   the patient, a proxy with MESSAGING, or staff of the thread's pool
     * @param patient the patient
     * @param thread  the patient's thread
     * @return the thread as it is now
     * @throws NotFoundException     if there is no such patient or thread of the patient, or access is denied
     * @throws AccessDeniedException for staff outside the thread's pool
     */
    @PatientOperation(scope = ProxyScope.MESSAGING, staff = {Role.CLINICIAN, Role.FRONT_DESK, Role.ADMIN},
            action = AuditAction.UPDATE, category = "message-thread")
    ThreadView markRead(Actor actor, PatientId patient, MessageThreadId thread);

    /**
     * The clinic messages the patient's side has not read, over all threads (MS-3).
     *
     * @param actor   the patient or a proxy with MESSAGING
     * @param patient the patient
     * @return the count
     * @throws NotFoundException if there is no such patient, or access is denied
     */
    @PatientOperation(scope = ProxyScope.MESSAGING, action = AuditAction.READ, category = "message-thread")
    long unreadCount(Actor actor, PatientId patient);

    // ---- staff side ----

    /**
     * A pool's inbox (MS-6): its open threads awaiting a reply, oldest first, keyset-paged, each
     * with its reply-by instant and overdue marker. Each thread shown is audited as read.
     *
     * @param staff a member of the pool, or an admin
     * @param pool  the pool
     * @param page  which page
     * @return one page
     * @throws AccessDeniedException   for staff outside the pool, or another actor
     * @throws InvalidRequestException if the page request is invalid
     * @throws NotFoundException       if there is no such pool
     */
    Page<ThreadView> inbox(Actor staff, PoolId pool, PageRequest page);

    /**
     * The patient messages unread by the clinic over the pool's open threads (MS-3).
     *
     * @param staff a member of the pool, or an admin
     * @param pool  the pool
     * @return the count
     * @throws AccessDeniedException for staff outside the pool, or another actor
     * @throws NotFoundException     if there is no such pool
     */
    long unreadInPool(Actor staff, PoolId pool);

    /**
     * Routes a thread to another pool and provider (MS-6); audited; the new pool is notified.
     *
     * @param staff   staff of the thread's current pool, or an admin
     * @param patient the patient
     * @param thread  the patient's thread
     * @param command the new pool and provider
     * @return the thread as it is now
     * @throws NotFoundException     if there is no such patient, thread, pool or provider
     * @throws AccessDeniedException for staff outside the thread's pool
     */
    @PatientOperation(self = false, staff = {Role.CLINICIAN, Role.FRONT_DESK, Role.ADMIN},
            action = AuditAction.UPDATE, category = "message-thread")
    ThreadView reassign(Actor staff, PatientId patient, MessageThreadId thread, Reassign command);

    /**
     * Closes a thread (MS-6): it takes no new message and leaves the inbox; the patient starts a new one.
     *
     * @param staff   staff of the thread's pool, or an admin
     * @param patient the patient
     * @param thread  the patient's thread
     * @return the thread as it is now
     * @throws NotFoundException      if there is no such patient or thread
     * @throws AccessDeniedException  for staff outside the thread's pool
     * @throws RuleViolationException {@code not_open} if it is closed already
     */
    @PatientOperation(self = false, staff = {Role.CLINICIAN, Role.FRONT_DESK, Role.ADMIN},
            action = AuditAction.UPDATE, category = "message-thread")
    ThreadView close(Actor staff, PatientId patient, MessageThreadId thread);

    /**
     * Reopens a closed thread; it awaits no reply until the patient writes again.
     *
     * @param staff   staff of the thread's pool, or an admin
     * @param patient the patient
     * @param thread  the patient's thread
     * @return the thread as it is now
     * @throws NotFoundException      if there is no such patient or thread
     * @throws AccessDeniedException  for staff outside the thread's pool
     * @throws RuleViolationException {@code not_closed} if it is open
     */
    @PatientOperation(self = false, staff = {Role.CLINICIAN, Role.FRONT_DESK, Role.ADMIN},
            action = AuditAction.UPDATE, category = "message-thread")
    ThreadView reopen(Actor staff, PatientId patient, MessageThreadId thread);
}
