package org.patientportal.core.internal.scheduling;

import org.patientportal.core.scheduling.*;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.patientportal.core.Actor;
import org.patientportal.core.InvalidRequestException.Violation;
import org.patientportal.core.RuleViolationException;
import org.patientportal.core.internal.AccessPolicy.Operation;
import org.patientportal.core.internal.PortalContext;
import org.patientportal.core.internal.Time;
import org.patientportal.model.Appointment;
import org.patientportal.model.AppointmentId;
import org.patientportal.model.AppointmentStatus;
import org.patientportal.model.PatientId;
import org.patientportal.model.VisitSummary;

/** Staff on appointments that took place: completed, no-show, and the after-visit summary (SC-5). */
final class Visits extends SchedulingPart {

    Visits(PortalContext context, SchedulingPolicy policy, ReferenceData reference) {
        super(context, policy, reference);
    }

    private static final Operation MARK_COMPLETED = Operation.of(Scheduling.class, "markCompleted", Actor.class,
            PatientId.class, AppointmentId.class);

    private static final Operation MARK_NO_SHOW = Operation.of(Scheduling.class, "markNoShow", Actor.class,
            PatientId.class, AppointmentId.class);

    private static final Operation RECORD_SUMMARY = Operation.of(Scheduling.class, "recordVisitSummary",
            Actor.class, PatientId.class, AppointmentId.class, RecordVisitSummary.class);

    public AppointmentView markCompleted(Actor staff, PatientId patient, AppointmentId appointment) {
        return mark(staff, patient, appointment, MARK_COMPLETED, AppointmentStatus.COMPLETED, "completed");
    }

    public AppointmentView markNoShow(Actor staff, PatientId patient, AppointmentId appointment) {
        return mark(staff, patient, appointment, MARK_NO_SHOW, AppointmentStatus.NO_SHOW, "no_show");
    }

    private AppointmentView mark(Actor staff, PatientId patient, AppointmentId appointment, Operation operation,
                             AppointmentStatus status, String reason) {
        return context.access().run(staff, patient, operation, () -> required(appointment, "appointment"),
                (tx, access) -> {
                    requirePatient(tx, patient);
                    Instant now = Time.now(context.clock());
                    Appointment found = appointmentOf(tx, patient, appointment);
                    if (found.status() != AppointmentStatus.BOOKED) {
                        throw notBooked();
                    }
                    if (found.start().isAfter(now)) {
                        throw new RuleViolationException("not_started", "the appointment has not started yet");
                    }
                    Appointment marked = tx.appointments().update(found.close(status, now, by(access), reason));
                    tx.outbox().cancelPending(REMINDER_KEY_PREFIX + found.id(), now);
                    closeWaitlistEntries(tx, patient, found.id(), now);
                    context.audit().record(tx, access.success(found.id().toString()));
                    return view(tx, marked);
                });
    }

    public VisitSummaryView recordVisitSummary(Actor clinician, PatientId patient, AppointmentId appointment,
                                           RecordVisitSummary command) {
        return context.access().run(clinician, patient, RECORD_SUMMARY, () -> {
            List<Violation> all = new ArrayList<>(required(appointment, "appointment"));
            all.addAll(context.validation().violations(command));
            return all;
        }, (tx, access) -> {
            requirePatient(tx, patient);
            Appointment found = appointmentOf(tx, patient, appointment);
            if (found.status() != AppointmentStatus.COMPLETED) {
                throw new RuleViolationException("not_completed", "a summary is recorded for a completed visit");
            }
            long version = tx.visitSummaries().find(appointment).map(VisitSummary::version).orElse(0L);
            VisitSummary saved = tx.visitSummaries().save(new VisitSummary(appointment, patient, command.summary(),
                    command.diagnoses(), Time.now(context.clock()), by(access), version));
            context.audit().record(tx, access.success(appointment.toString()));
            return Views.summary(saved);
        });
    }
}
