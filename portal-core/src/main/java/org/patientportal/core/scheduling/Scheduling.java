package org.patientportal.core.scheduling;

import java.util.List;
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
import org.patientportal.model.AppointmentId;
import org.patientportal.model.AppointmentRequestId;
import org.patientportal.model.AuditAction;
import org.patientportal.model.PatientId;
import org.patientportal.model.ProxyScope;
import org.patientportal.model.SlotId;
import org.patientportal.model.WaitlistEntryId;

/**
 * Scheduling use cases (SC-1..SC-7).
 *
 * <p>Staff operations without a patient need {@code FRONT_DESK} or {@code ADMIN} (ST-1) and answer
 * any other actor with {@link AccessDeniedException}. Operations that take a {@link PatientId} are
 * decided by the access policy of {@link PatientOperation}: the patient, a proxy with the
 * {@code APPOINTMENTS} scope and front-desk staff on the patient side; a denied patient or proxy is
 * answered as for an unknown patient ({@link NotFoundException}). Every call records one audit event,
 * success, denied or failed (AD-1, AD-3); a refused call changes nothing else (IN-2).
 *
 * <p>Times are stored as instants and shown in the department's zone. Notifications (confirmation,
 * reminders, cancellation, wait-list offer) go through the outbox and carry no PHI (NT-3).
 */
public interface Scheduling {

    // ---- staff set-up (SC-1) ----

    /**
     * Creates a department with its time zone.
     *
     * @param staff   a front-desk or admin staff actor
     * @param command name and zone
     * @return the department
     * @throws AccessDeniedException   if the actor may not
     * @throws InvalidRequestException if the command is invalid
     */
    DepartmentView createDepartment(Actor staff, CreateDepartment command);

    /**
     * Creates a provider.
     *
     * @param staff   a front-desk or admin staff actor
     * @param command the display name
     * @return the provider
     * @throws AccessDeniedException   if the actor may not
     * @throws InvalidRequestException if the command is invalid
     */
    ProviderView createProvider(Actor staff, CreateProvider command);

    /**
     * Creates a visit type.
     *
     * @param staff   a front-desk or admin staff actor
     * @param command name, duration, booking mode, eligibility
     * @return the visit type
     * @throws AccessDeniedException   if the actor may not
     * @throws InvalidRequestException if the command is invalid (duration not whole minutes, 1 minute to 24 hours)
     */
    VisitTypeView createVisitType(Actor staff, CreateVisitType command);

    /**
     * Opens one slot. The local start is read in the department's zone: a time in a daylight-saving
     * gap is refused on path {@code localStart}; a time in an overlap (it happens twice) is the
     * instant at the command's {@code offset}, or the earlier one without. The store decides
     * overlaps: of concurrent calls whose slots overlap for one provider, one opens (SC-1).
     *
     * @param staff   a front-desk or admin staff actor
     * @param command provider, department, local start, length, visit types
     * @return the open slot
     * @throws AccessDeniedException   if the actor may not
     * @throws InvalidRequestException if the command is invalid, the start is in a gap or not in the future,
     *                                 the offset is not the zone's at the start (path {@code offset})
     * @throws NotFoundException       if the provider, department or a visit type does not exist
     * @throws ConflictException       if it overlaps another slot of the provider
     */
    OpenedSlot openSlot(Actor staff, OpenSlot command);

    /**
     * Opens the slots of a weekly template over a date range, all or none, in one transaction and
     * one audit event. Starts in a daylight-saving gap are skipped; a start in an overlap opens at
     * both instants, the second unless it would overlap a slot of the template; starts not in the
     * future are skipped.
     *
     * @param staff    a front-desk or admin staff actor
     * @param template the template
     * @return the slots opened, in start order (at most {@value WeeklyTemplate#MAX_SLOTS}, plus the
     *         second instances of a fall-back night)
     * @throws AccessDeniedException   if the actor may not
     * @throws InvalidRequestException if the template is invalid (range over {@value WeeklyTemplate#MAX_DAYS} days, more than {@value WeeklyTemplate#MAX_SLOTS} slots, {@code to} not after {@code from}, ...)
     * @throws NotFoundException       if the provider, department or a visit type does not exist
     * @throws ConflictException       if a slot would overlap another slot of the provider
     */
    List<OpenedSlot> openSlotsFromTemplate(Actor staff, WeeklyTemplate template);

    /**
     * Closes an open slot; a booked slot is not closed (cancel its appointment first).
     *
     * @param staff a front-desk or admin staff actor
     * @param slot  the slot
     * @throws AccessDeniedException  if the actor may not
     * @throws NotFoundException      if there is no such slot
     * @throws RuleViolationException {@code slot_booked} if it is booked
     */
    void closeSlot(Actor staff, SlotId slot);

    // ---- patient side ----

    /**
     * Searches open slots of a visit type (SC-2), in start order, paged.
     *
     * @param actor   the patient, a proxy with APPOINTMENTS, or front-desk staff
     * @param patient the patient booking
     * @param query   the search
     * @param page    which page
     * @return one page of open slots
     * @throws InvalidRequestException if the query is invalid (range reversed or too wide, page size, cursor)
     * @throws NotFoundException       if there is no such patient or visit type, or access is denied
     */
    @PatientOperation(scope = ProxyScope.APPOINTMENTS, staff = {Role.FRONT_DESK},
            action = AuditAction.READ, category = "slot")
    Page<SlotView> findOpenSlots(Actor actor, PatientId patient, FindSlots query, PageRequest page);

    /**
     * Books a slot (SC-3, SC-6): the slot open, at least the lead time ahead, the visit type allowed by
     * the slot, self-schedulable and for this patient (new or established); no overlapping booked
     * appointment of the patient. Writes the confirmation and the reminders to the outbox. Idempotent
     * with {@link BookAppointment#idempotencyKey()} (IN-1).
     *
     * @param actor   the patient, a proxy with APPOINTMENTS, or front-desk staff
     * @param patient the patient
     * @param command slot, visit type, idempotency key
     * @return the booked appointment
     * @throws NotFoundException      if there is no such patient or slot, or access is denied
     * @throws ConflictException      if the slot is taken, or the key was used with other parameters
     * @throws RuleViolationException {@code visit_type_not_allowed}, {@code request_only},
     *                                {@code not_eligible}, {@code too_late} (in the past or inside the
     *                                lead time), {@code overlapping_appointment}
     */
    @PatientOperation(scope = ProxyScope.APPOINTMENTS, staff = {Role.FRONT_DESK},
            action = AuditAction.CREATE, category = "appointment")
    AppointmentView book(Actor actor, PatientId patient, BookAppointment command);

    /**
     * Cancels a booked appointment up to the cutoff (SC-4): the slot is open again, pending reminders
     * are cancelled, a cancellation notice goes out and the freed slot is offered to the wait list
     * (SC-7). Staff may cancel inside the cutoff. Idempotent (IN-1).
     *
     * @param actor   the patient, a proxy with APPOINTMENTS, or front-desk staff
     * @param patient the patient
     * @param command appointment, idempotency key
     * @return the cancelled appointment
     * @throws NotFoundException      if there is no such patient or appointment of the patient, or access is denied
     * @throws ConflictException      if the key was used with other parameters
     * @throws RuleViolationException {@code inside_cutoff} (call the office), {@code not_booked}
     */
    @PatientOperation(scope = ProxyScope.APPOINTMENTS, staff = {Role.FRONT_DESK},
            action = AuditAction.UPDATE, category = "appointment")
    AppointmentView cancel(Actor actor, PatientId patient, CancelAppointment command);

    /**
     * Moves a booked appointment to another open slot, atomically (SC-4): the old one becomes
     * RESCHEDULED and its slot open only if the new slot is booked; reminders move with it.
     * Idempotent (IN-1).
     *
     * @param actor   the patient, a proxy with APPOINTMENTS, or front-desk staff
     * @param patient the patient
     * @param command appointment, new slot, idempotency key
     * @return the new appointment
     * @throws NotFoundException      if there is no such patient, appointment or slot, or access is denied
     * @throws ConflictException      if the new slot is taken, or the key was used with other parameters
     * @throws RuleViolationException as for {@link #book} and {@link #cancel}
     */
    @PatientOperation(scope = ProxyScope.APPOINTMENTS, staff = {Role.FRONT_DESK},
            action = AuditAction.UPDATE, category = "appointment")
    AppointmentView reschedule(Actor actor, PatientId patient, Reschedule command);

    /**
     * The patient's appointments starting now or later, any status, in ascending start order (SC-5).
     *
     * @param actor    the patient, a proxy with APPOINTMENTS, or front-desk staff
     * @param patient  the patient
     * @param page     which page, at most {@link SchedulingPolicy#maxPageSize()} items
     * @return one page
     * @throws InvalidRequestException if the page size or the cursor is invalid
     * @throws NotFoundException       if there is no such patient, or access is denied
     */
    @PatientOperation(scope = ProxyScope.APPOINTMENTS, staff = {Role.FRONT_DESK},
            action = AuditAction.READ, category = "appointment")
    Page<AppointmentView> upcoming(Actor actor, PatientId patient, PageRequest page);

    /**
     * The patient's appointments that started before now, any status, most recent first, with the
     * after-visit summary and diagnoses of completed visits (SC-5).
     *
     * @param actor    the patient, a proxy with APPOINTMENTS, or front-desk staff
     * @param patient  the patient
     * @param page     which page, at most {@link SchedulingPolicy#maxPageSize()} items
     * @return one page
     * @throws InvalidRequestException if the page size or the cursor is invalid
     * @throws NotFoundException       if there is no such patient, or access is denied
     */
    @PatientOperation(scope = ProxyScope.APPOINTMENTS, staff = {Role.FRONT_DESK},
            action = AuditAction.READ, category = "appointment")
    Page<AppointmentView> past(Actor actor, PatientId patient, PageRequest page);

    /**
     * Requests a visit type that is not self-schedulable (SC-1).
     *
     * @param actor   the patient, a proxy with APPOINTMENTS, or front-desk staff
     * @param patient the patient
     * @param command visit type, optional provider and department, date range
     * @return the open request
     * @throws NotFoundException      if there is no such patient, visit type, provider or department
     * @throws RuleViolationException {@code self_schedulable} if the visit type can be booked directly
     */
    @PatientOperation(scope = ProxyScope.APPOINTMENTS, staff = {Role.FRONT_DESK},
            action = AuditAction.CREATE, category = "appointment-request")
    AppointmentRequestView requestAppointment(Actor actor, PatientId patient, RequestAppointment command);

    /**
     * Joins the wait list for an earlier slot of the same visit type and provider as a booked
     * appointment (SC-7).
     *
     * @param actor       the patient, a proxy with APPOINTMENTS, or front-desk staff
     * @param patient     the patient
     * @param appointment a booked appointment of the patient
     * @return the waiting entry (the existing one if the appointment is already on the list)
     * @throws NotFoundException      if there is no such patient or appointment, or access is denied
     * @throws RuleViolationException {@code not_booked}
     */
    @PatientOperation(scope = ProxyScope.APPOINTMENTS, staff = {Role.FRONT_DESK},
            action = AuditAction.CREATE, category = "waitlist")
    WaitlistEntryView joinWaitlist(Actor actor, PatientId patient, AppointmentId appointment);

    /**
     * Leaves the wait list (the entry becomes CANCELLED; leaving twice is fine).
     *
     * @param actor   the patient, a proxy with APPOINTMENTS, or front-desk staff
     * @param patient the patient
     * @param entry   the patient's entry
     * @throws NotFoundException if there is no such patient or entry of the patient, or access is denied
     */
    @PatientOperation(scope = ProxyScope.APPOINTMENTS, staff = {Role.FRONT_DESK},
            action = AuditAction.UPDATE, category = "waitlist")
    void leaveWaitlist(Actor actor, PatientId patient, WaitlistEntryId entry);

    /**
     * Accepts a wait-list offer: moves the entry's appointment into the freed slot (SC-7); the first
     * to accept gets it. The entry becomes FULFILLED.
     *
     * @param actor   the patient, a proxy with APPOINTMENTS, or front-desk staff
     * @param patient the patient
     * @param entry   the patient's waiting entry
     * @param slot    the offered slot: open, same provider and visit type, earlier than the appointment
     * @return the new appointment
     * @throws NotFoundException      if there is no such patient, entry or slot, or access is denied
     * @throws ConflictException      if another patient took the slot first
     * @throws RuleViolationException {@code not_waiting}, {@code not_an_offer}, {@code too_late}, ...
     */
    @PatientOperation(scope = ProxyScope.APPOINTMENTS, staff = {Role.FRONT_DESK},
            action = AuditAction.UPDATE, category = "appointment")
    AppointmentView acceptOffer(Actor actor, PatientId patient, WaitlistEntryId entry, SlotId slot);

    // ---- staff on a patient's appointments ----

    /**
     * Marks a booked appointment that has started as completed.
     *
     * @param staff       a front-desk staff actor
     * @param patient     the patient
     * @param appointment the appointment
     * @return it, COMPLETED
     * @throws RuleViolationException {@code not_booked}, {@code not_started}
     */
    @PatientOperation(self = false, staff = {Role.FRONT_DESK}, action = AuditAction.UPDATE, category = "appointment")
    AppointmentView markCompleted(Actor staff, PatientId patient, AppointmentId appointment);

    /**
     * Marks a booked appointment that has started as a no-show.
     *
     * @param staff       a front-desk staff actor
     * @param patient     the patient
     * @param appointment the appointment
     * @return it, NO_SHOW
     * @throws RuleViolationException {@code not_booked}, {@code not_started}
     */
    @PatientOperation(self = false, staff = {Role.FRONT_DESK}, action = AuditAction.UPDATE, category = "appointment")
    AppointmentView markNoShow(Actor staff, PatientId patient, AppointmentId appointment);

    /**
     * Records (or replaces) the after-visit summary and diagnoses of a completed visit (SC-5).
     *
     * @param clinician a clinician staff actor
     * @param patient   the patient
     * @param appointment the completed visit
     * @param command   summary and diagnoses
     * @return the summary as stored
     * @throws RuleViolationException {@code not_completed}
     */
    @PatientOperation(self = false, staff = {Role.CLINICIAN}, action = AuditAction.UPDATE, category = "visit-summary")
    VisitSummaryView recordVisitSummary(Actor clinician, PatientId patient, AppointmentId appointment,
                                    RecordVisitSummary command);

    /**
     * One page of open requests in arrival order, for staff.
     *
     * @param staff a front-desk or admin staff actor
     * @param page  which page, at most {@link SchedulingPolicy#maxPageSize()} items
     * @return one page of open requests
     * @throws AccessDeniedException   if the actor may not
     * @throws InvalidRequestException if the page size or the cursor is invalid
     */
    Page<AppointmentRequestView> openRequests(Actor staff, PageRequest page);

    /**
     * Turns an open request into an appointment in a slot (checks as for {@link #book}, except the
     * visit type may be request-only); the patient gets a confirmation and reminders.
     *
     * @param staff   a front-desk staff actor
     * @param patient the patient
     * @param request the open request
     * @param slot    an open slot allowing the request's visit type
     * @return the appointment
     * @throws ConflictException      if the slot is taken
     * @throws RuleViolationException {@code not_open}, {@code visit_type_not_allowed}, ...
     */
    @PatientOperation(self = false, staff = {Role.FRONT_DESK}, action = AuditAction.CREATE, category = "appointment")
    AppointmentView scheduleRequest(Actor staff, PatientId patient, AppointmentRequestId request, SlotId slot);

    /**
     * Declines an open request with a machine reason; the patient is notified (no PHI).
     *
     * @param staff      a front-desk staff actor
     * @param patient    the patient
     * @param request    the open request
     * @param reasonCode lower-case letters, digits and underscores, 1 to 64 ({@code "no_availability"})
     * @return the declined request
     * @throws RuleViolationException {@code not_open}
     */
    @PatientOperation(self = false, staff = {Role.FRONT_DESK}, action = AuditAction.UPDATE,
            category = "appointment-request")
    AppointmentRequestView declineRequest(Actor staff, PatientId patient, AppointmentRequestId request, String reasonCode);
}
