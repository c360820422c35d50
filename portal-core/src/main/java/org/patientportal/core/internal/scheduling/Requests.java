package org.patientportal.core.internal.scheduling;

import org.patientportal.core.scheduling.*;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.patientportal.core.Actor;
import org.patientportal.core.InvalidRequestException;
import org.patientportal.core.InvalidRequestException.Violation;
import org.patientportal.core.NotFoundException;
import org.patientportal.core.RuleViolationException;
import org.patientportal.core.internal.AccessPolicy.Operation;
import org.patientportal.core.internal.PageCursors;
import org.patientportal.core.internal.PortalContext;
import org.patientportal.core.Page;
import org.patientportal.core.PageRequest;
import java.util.UUID;
import org.patientportal.core.internal.Time;
import org.patientportal.core.notifications.NotificationKinds;
import org.patientportal.model.Appointment;
import org.patientportal.model.AppointmentId;
import org.patientportal.model.AppointmentRequest;
import org.patientportal.model.AppointmentRequestId;
import org.patientportal.model.AuditAction;
import org.patientportal.model.PatientId;
import org.patientportal.model.RequestStatus;
import org.patientportal.model.Slot;
import org.patientportal.model.SlotId;
import org.patientportal.model.VisitType;

/** Requests for request-only visit types (SC-1): asked by the patient, listed for staff, scheduled or declined. */
final class Requests extends SchedulingPart {

    Requests(PortalContext context, SchedulingPolicy policy, ReferenceData reference) {
        super(context, policy, reference);
    }

    private static final String LIST_REQUESTS = "scheduling.requests";

    private static final Pattern REASON = Pattern.compile("[a-z0-9_]{1,64}");

    private static final Operation REQUEST = Operation.of(Scheduling.class, "requestAppointment", Actor.class,
            PatientId.class, RequestAppointment.class);

    private static final Operation SCHEDULE_REQUEST = Operation.of(Scheduling.class, "scheduleRequest",
            Actor.class, PatientId.class, AppointmentRequestId.class, SlotId.class);

    private static final Operation DECLINE_REQUEST = Operation.of(Scheduling.class, "declineRequest", Actor.class,
            PatientId.class, AppointmentRequestId.class, String.class);

    public Page<AppointmentRequestView> openRequests(Actor staff, PageRequest page) {
        return staffCall(staff, "scheduling.openRequests", AuditAction.READ, APPOINTMENT_REQUEST,
                () -> pageViolations(page, LIST_REQUESTS, 1), (tx, actor) -> {
                    UUID after = PageCursors.idOf(LIST_REQUESTS, page);
                    List<AppointmentRequest> found = tx.appointmentRequests().open(
                            after == null ? null : new AppointmentRequestId(after), page.size() + 1);
                    List<AppointmentRequest> shown = found.subList(0, Math.min(found.size(), page.size()));
                    // one READ event per patient shown, on the patient's chain (AD-1, ST-2)
                    context.audit().recordPerPatient(tx, shown.stream().map(AppointmentRequest::patientId).toList(),
                            actor, AuditAction.READ, APPOINTMENT_REQUEST);
                    List<AppointmentRequestView> items = shown.stream().map(Views::request).toList();
                    String next = found.size() > page.size()
                            ? PageCursors.afterId(LIST_REQUESTS, found.get(page.size() - 1).id().value()) : null;
                    return new Page<>(items, next);
                });
    }

    public AppointmentRequestView requestAppointment(Actor actor, PatientId patient, RequestAppointment command) {
        return context.access().run(actor, patient, REQUEST, () -> {
            List<Violation> all = new ArrayList<>(context.validation().violations(command));
            if (command != null) {
                rangeViolations(command.earliest(), command.latest(), "earliest", "latest", all);
            }
            return all;
        }, (tx, access) -> {
            requirePatient(tx, patient);
            VisitType type = visitType(tx, command.visitTypeId());
            if (type.selfSchedulable()) {
                throw new RuleViolationException("self_schedulable", "this visit type is booked directly");
            }
            ZoneId zone = context.clock().getZone();
            if (command.departmentId() != null) {
                zone = tx.departments().find(command.departmentId())
                        .orElseThrow(() -> new NotFoundException("department")).zone();
            }
            if (command.providerId() != null) {
                tx.providers().find(command.providerId()).orElseThrow(() -> new NotFoundException("provider"));
            }
            Instant now = Time.now(context.clock());
            if (command.earliest().isBefore(LocalDate.ofInstant(now, zone))) {
                throw InvalidRequestException.of("earliest", "must be today or later");
            }
            AppointmentRequest request = new AppointmentRequest(AppointmentRequestId.newId(), patient, type.id(),
                    command.providerId(), command.departmentId(), command.earliest().atStartOfDay(zone).toInstant(),
                    command.latest().plusDays(1).atStartOfDay(zone).toInstant(), RequestStatus.OPEN, now, null,
                    null, null, null, 0);
            tx.appointmentRequests().insert(request);
            context.audit().record(tx, access.success(request.id().toString()));
            return Views.request(request);
        });
    }

    public AppointmentView scheduleRequest(Actor staff, PatientId patient, AppointmentRequestId request, SlotId slot) {
        return context.access().run(staff, patient, SCHEDULE_REQUEST, () -> {
            List<Violation> all = new ArrayList<>(required(request, "request"));
            all.addAll(required(slot, "slot"));
            return all;
        }, (tx, access) -> {
            requirePatient(tx, patient);
            Instant now = Time.now(context.clock());
            AppointmentRequest open = requestOf(tx, patient, request);
            Slot target = tx.slots().find(slot).orElseThrow(() -> new NotFoundException("slot"));
            VisitType type = visitType(tx, open.visitTypeId());
            checkBookable(tx, access, target, type, false, now);
            AppointmentId id = AppointmentId.newId();
            Appointment appointment = Appointment.book(id, patient, target, type.id(), now, by(access));
            bookSlot(tx, appointment);
            tx.appointmentRequests().update(open.decide(RequestStatus.SCHEDULED, now, by(access), id, null));
            notifyBooked(tx, appointment, now);
            context.audit().record(tx, access.success(id.toString()));
            return view(tx, appointment);
        });
    }

    public AppointmentRequestView declineRequest(Actor staff, PatientId patient, AppointmentRequestId request,
                                             String reasonCode) {
        return context.access().run(staff, patient, DECLINE_REQUEST, () -> {
            List<Violation> all = new ArrayList<>(required(request, "request"));
            if (reasonCode == null || !REASON.matcher(reasonCode).matches()) {
                all.add(new Violation("reasonCode", "must be 1 to 64 lower-case letters, digits or underscores"));
            }
            return all;
        }, (tx, access) -> {
            requirePatient(tx, patient);
            Instant now = Time.now(context.clock());
            AppointmentRequest open = requestOf(tx, patient, request);
            AppointmentRequest declined = tx.appointmentRequests().update(open.decide(RequestStatus.DECLINED, now,
                    by(access), null, reasonCode));
            enqueue(tx, NotificationKinds.APPOINTMENT_REQUEST_DECLINED, patient, null, now,
                    Map.of("requestId", request.toString()));
            context.audit().record(tx, access.success(request.toString()));
            return Views.request(declined);
        });
    }
}
