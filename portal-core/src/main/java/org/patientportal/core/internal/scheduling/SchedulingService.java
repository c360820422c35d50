package org.patientportal.core.internal.scheduling;

import org.patientportal.core.scheduling.*;

import java.util.List;
import java.util.Objects;
import org.patientportal.core.Actor;
import org.patientportal.core.internal.PortalContext;
import org.patientportal.core.Page;
import org.patientportal.core.PageRequest;
import org.patientportal.model.AppointmentId;
import org.patientportal.model.AppointmentRequestId;
import org.patientportal.model.PatientId;
import org.patientportal.model.SlotId;
import org.patientportal.model.WaitlistEntryId;

/**
 * The {@link Scheduling} use cases. Built by the portal builder; not API.
 *
 * <p>Operations that take a patient id run through the access policy ({@code AccessPolicy.run}):
 * staff role, validation, then one transaction with the decision, the use case's writes, its outbox
 * entries, its idempotency record and its SUCCESS audit event. Staff set-up operations check the
 * role (ST-1), validate, and run one transaction the same way. A failure is audited once in its own
 * transaction; the use case's transaction is rolled back, so a refused call changes nothing.
 *
 * <p>The work is split by concern: {@link SetUp}, {@link Booking}, {@link WaitList}, {@link Visits}
 * and {@link Requests}, over the rules they share in {@link SchedulingPart}.
 */
public final class SchedulingService implements Scheduling {
    private final SetUp setUp;
    private final Booking booking;
    private final WaitList waitList;
    private final Visits visits;
    private final Requests requests;

    /**
     * @param context the portal's shared plumbing
     * @param policy  lead time, cutoff, reminders, search range, page size
     */
    public SchedulingService(PortalContext context, SchedulingPolicy policy) {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(policy, "policy");
        ReferenceData reference = new ReferenceData(context.clock());
        this.setUp = new SetUp(context, policy, reference);
        this.booking = new Booking(context, policy, reference);
        this.waitList = new WaitList(context, policy, reference);
        this.visits = new Visits(context, policy, reference);
        this.requests = new Requests(context, policy, reference);
    }

    @Override
    public DepartmentView createDepartment(Actor staff, CreateDepartment command) {
        return setUp.createDepartment(staff, command);
    }

    @Override
    public ProviderView createProvider(Actor staff, CreateProvider command) {
        return setUp.createProvider(staff, command);
    }

    @Override
    public VisitTypeView createVisitType(Actor staff, CreateVisitType command) {
        return setUp.createVisitType(staff, command);
    }

    @Override
    public OpenedSlot openSlot(Actor staff, OpenSlot command) {
        return setUp.openSlot(staff, command);
    }

    @Override
    public List<OpenedSlot> openSlotsFromTemplate(Actor staff, WeeklyTemplate template) {
        return setUp.openSlotsFromTemplate(staff, template);
    }

    @Override
    public void closeSlot(Actor staff, SlotId slot) {
        setUp.closeSlot(staff, slot);
    }

    @Override
    public Page<SlotView> findOpenSlots(Actor actor, PatientId patient, FindSlots query, PageRequest page) {
        return booking.findOpenSlots(actor, patient, query, page);
    }

    @Override
    public AppointmentView book(Actor actor, PatientId patient, BookAppointment command) {
        return booking.book(actor, patient, command);
    }

    @Override
    public AppointmentView cancel(Actor actor, PatientId patient, CancelAppointment command) {
        return booking.cancel(actor, patient, command);
    }

    @Override
    public AppointmentView reschedule(Actor actor, PatientId patient, Reschedule command) {
        return booking.reschedule(actor, patient, command);
    }

    @Override
    public Page<AppointmentView> upcoming(Actor actor, PatientId patient, PageRequest page) {
        return booking.upcoming(actor, patient, page);
    }

    @Override
    public Page<AppointmentView> past(Actor actor, PatientId patient, PageRequest page) {
        return booking.past(actor, patient, page);
    }

    @Override
    public WaitlistEntryView joinWaitlist(Actor actor, PatientId patient, AppointmentId appointment) {
        return waitList.joinWaitlist(actor, patient, appointment);
    }

    @Override
    public void leaveWaitlist(Actor actor, PatientId patient, WaitlistEntryId entry) {
        waitList.leaveWaitlist(actor, patient, entry);
    }

    @Override
    public AppointmentView acceptOffer(Actor actor, PatientId patient, WaitlistEntryId entry, SlotId slot) {
        return waitList.acceptOffer(actor, patient, entry, slot);
    }

    @Override
    public AppointmentView markCompleted(Actor staff, PatientId patient, AppointmentId appointment) {
        return visits.markCompleted(staff, patient, appointment);
    }

    @Override
    public AppointmentView markNoShow(Actor staff, PatientId patient, AppointmentId appointment) {
        return visits.markNoShow(staff, patient, appointment);
    }

    @Override
    public VisitSummaryView recordVisitSummary(Actor clinician, PatientId patient, AppointmentId appointment, RecordVisitSummary command) {
        return visits.recordVisitSummary(clinician, patient, appointment, command);
    }

    @Override
    public Page<AppointmentRequestView> openRequests(Actor staff, PageRequest page) {
        return requests.openRequests(staff, page);
    }

    @Override
    public AppointmentRequestView requestAppointment(Actor actor, PatientId patient, RequestAppointment command) {
        return requests.requestAppointment(actor, patient, command);
    }

    @Override
    public AppointmentView scheduleRequest(Actor staff, PatientId patient, AppointmentRequestId request, SlotId slot) {
        return requests.scheduleRequest(staff, patient, request, slot);
    }

    @Override
    public AppointmentRequestView declineRequest(Actor staff, PatientId patient, AppointmentRequestId request, String reasonCode) {
        return requests.declineRequest(staff, patient, request, reasonCode);
    }
}
