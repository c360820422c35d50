package org.patientportal.core.internal.scheduling;

import org.patientportal.core.scheduling.*;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.patientportal.core.Actor;
import org.patientportal.core.InvalidRequestException.Violation;
import org.patientportal.core.NotFoundException;
import org.patientportal.core.RuleViolationException;
import org.patientportal.core.internal.AccessPolicy.Operation;
import org.patientportal.core.internal.PortalContext;
import org.patientportal.core.internal.Time;
import org.patientportal.model.Appointment;
import org.patientportal.model.AuditChain;
import org.patientportal.model.AppointmentId;
import org.patientportal.model.AppointmentStatus;
import org.patientportal.model.PatientId;
import org.patientportal.model.Slot;
import org.patientportal.model.SlotId;
import org.patientportal.model.VisitType;
import org.patientportal.model.WaitlistEntry;
import org.patientportal.model.WaitlistEntryId;
import org.patientportal.model.WaitlistStatus;

/** The wait list for an earlier slot (SC-7): joining, leaving and accepting an offer. */
final class WaitList extends SchedulingPart {

    WaitList(PortalContext context, SchedulingPolicy policy, ReferenceData reference) {
        super(context, policy, reference);
    }

    private static final Operation JOIN_WAITLIST = Operation.of(Scheduling.class, "joinWaitlist", Actor.class,
            PatientId.class, AppointmentId.class);

    private static final Operation LEAVE_WAITLIST = Operation.of(Scheduling.class, "leaveWaitlist", Actor.class,
            PatientId.class, WaitlistEntryId.class);

    private static final Operation ACCEPT_OFFER = Operation.of(Scheduling.class, "acceptOffer", Actor.class,
            PatientId.class, WaitlistEntryId.class, SlotId.class);

    public WaitlistEntryView joinWaitlist(Actor actor, PatientId patient, AppointmentId appointment) {
        return context.access().run(actor, patient, JOIN_WAITLIST, () -> required(appointment, "appointment"),
                (tx, access) -> {
                    requirePatient(tx, patient);
                    Instant now = Time.now(context.clock());
                    Appointment found = appointmentOf(tx, patient, appointment);
                    if (found.status() != AppointmentStatus.BOOKED || !found.start().isAfter(now)) {
                        throw notBooked();
                    }
                    // Serialise this patient's joins: the head of the patient's audit chain is locked
                    // to the end of the transaction (the audit event below takes it anyway), so a
                    // concurrent join waits here and then finds this one's entry (no duplicate).
                    tx.auditTrail().lockHead(AuditChain.of(patient));
                    for (WaitlistEntry entry : entriesOf(tx, patient, appointment)) {
                        if (entry.status() == WaitlistStatus.WAITING) {
                            context.audit().record(tx, access.success(entry.id().toString()));
                            return Views.entry(entry);
                        }
                    }
                    WaitlistEntry entry = new WaitlistEntry(WaitlistEntryId.newId(), patient, found.id(),
                            found.visitTypeId(), found.providerId(), now, WaitlistStatus.WAITING, null, 0);
                    tx.waitlist().insert(entry);
                    context.audit().record(tx, access.success(entry.id().toString()));
                    return Views.entry(entry);
                });
    }

    public void leaveWaitlist(Actor actor, PatientId patient, WaitlistEntryId entry) {
        context.access().run(actor, patient, LEAVE_WAITLIST, () -> required(entry, "entry"), (tx, access) -> {
            requirePatient(tx, patient);
            WaitlistEntry found = entryOf(tx, patient, entry);
            if (found.status() == WaitlistStatus.WAITING) {
                tx.waitlist().update(found.close(WaitlistStatus.CANCELLED, Time.now(context.clock())));
            }
            context.audit().record(tx, access.success(entry.toString()));
            return null;
        });
    }

    public AppointmentView acceptOffer(Actor actor, PatientId patient, WaitlistEntryId entry, SlotId slot) {
        return context.access().run(actor, patient, ACCEPT_OFFER, () -> {
            List<Violation> all = new ArrayList<>(required(entry, "entry"));
            all.addAll(required(slot, "slot"));
            return all;
        }, (tx, access) -> {
            requirePatient(tx, patient);
            Instant now = Time.now(context.clock());
            WaitlistEntry waiting = entryOf(tx, patient, entry);
            if (waiting.status() != WaitlistStatus.WAITING) {
                throw new RuleViolationException("not_waiting", "the wait-list entry is no longer waiting");
            }
            Slot offered = tx.slots().find(slot).orElseThrow(() -> new NotFoundException("slot"));
            Appointment old = appointmentOf(tx, patient, waiting.appointmentId());
            if (old.status() != AppointmentStatus.BOOKED) {
                throw notBooked();
            }
            if (!offered.providerId().equals(waiting.providerId())
                    || !offered.visitTypes().contains(waiting.visitTypeId())
                    || !offered.start().isBefore(old.start())) {
                throw new RuleViolationException("not_an_offer",
                        "the slot is not an earlier slot of the same visit type and provider");
            }
            VisitType type = visitType(tx, old.visitTypeId());
            checkBookable(tx, access, offered, type, false, now);
            tx.waitlist().update(waiting.close(WaitlistStatus.FULFILLED, now));
            Appointment moved = move(tx, access, old, offered, now);
            context.audit().record(tx, access.success(moved.id().toString()));
            return view(tx, moved);
        });
    }
}
