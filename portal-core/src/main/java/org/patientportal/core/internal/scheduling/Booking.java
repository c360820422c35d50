package org.patientportal.core.internal.scheduling;

import org.patientportal.core.scheduling.*;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.patientportal.core.Actor;
import org.patientportal.core.ConflictException;
import org.patientportal.core.InvalidRequestException.Violation;
import org.patientportal.core.NotFoundException;
import org.patientportal.core.RuleViolationException;
import org.patientportal.core.internal.AccessPolicy.Access;
import org.patientportal.core.internal.AccessPolicy.Operation;
import org.patientportal.core.internal.AccessPolicy.Via;
import org.patientportal.core.internal.PageCursors;
import org.patientportal.core.internal.PortalContext;
import org.patientportal.core.Page;
import org.patientportal.core.PageRequest;
import org.patientportal.core.internal.Time;
import org.patientportal.core.internal.Transactions;
import org.patientportal.core.notifications.NotificationKinds;
import org.patientportal.model.Account;
import org.patientportal.model.AccountId;
import org.patientportal.model.Appointment;
import org.patientportal.model.AuditChain;
import org.patientportal.model.AppointmentId;
import org.patientportal.model.AppointmentStatus;
import org.patientportal.model.Department;
import org.patientportal.model.PatientId;
import org.patientportal.model.Slot;
import org.patientportal.model.StartCursor;
import org.patientportal.model.VisitSummary;
import org.patientportal.model.VisitType;
import org.patientportal.spi.storage.SlotQuery;
import org.patientportal.spi.storage.CommandSnapshot;
import org.patientportal.spi.storage.SlotBookingRefusedException;
import org.patientportal.spi.storage.StorageTransaction;

/** Searching, booking, cancelling and rescheduling (SC-2..SC-4), and the upcoming and past lists (SC-5); idempotent with a key (IN-1). */
final class Booking extends SchedulingPart {

    Booking(PortalContext context, SchedulingPolicy policy, ReferenceData reference) {
        super(context, policy, reference);
    }

    private static final String LIST_SLOTS = "scheduling.slots";

    private static final String LIST_UPCOMING = "scheduling.upcoming";

    private static final String LIST_PAST = "scheduling.past";

    private static final Operation FIND_OPEN_SLOTS = Operation.of(Scheduling.class, "findOpenSlots", Actor.class,
            PatientId.class, FindSlots.class, PageRequest.class);

    private static final Operation BOOK = Operation.of(Scheduling.class, "book", Actor.class, PatientId.class,
            BookAppointment.class);

    private static final Operation CANCEL = Operation.of(Scheduling.class, "cancel", Actor.class, PatientId.class,
            CancelAppointment.class);

    private static final Operation RESCHEDULE = Operation.of(Scheduling.class, "reschedule", Actor.class,
            PatientId.class, Reschedule.class);

    private static final Operation UPCOMING = Operation.of(Scheduling.class, "upcoming", Actor.class,
            PatientId.class, PageRequest.class);

    private static final Operation PAST = Operation.of(Scheduling.class, "past", Actor.class, PatientId.class,
            PageRequest.class);

    public Page<SlotView> findOpenSlots(Actor actor, PatientId patient, FindSlots query, PageRequest page) {
        return context.access().run(actor, patient, FIND_OPEN_SLOTS, () -> {
            List<Violation> all = new ArrayList<>(context.validation().violations(query));
            if (query != null) {
                rangeViolations(query.from(), query.to(), "from", "to", all);
            }
            all.addAll(pageViolations(page, LIST_SLOTS, 2));
            return all;
        }, (tx, access) -> {
            requirePatient(tx, patient);
            StartCursor after = PageCursors.startOf(LIST_SLOTS, page);
            VisitType type = cachedVisitType(tx, query.visitTypeId());
            ZoneId zone = context.clock().getZone();
            if (query.departmentId() != null) {
                zone = reference.department(tx, query.departmentId())
                        .orElseThrow(() -> new NotFoundException("department")).zone();
            }
            if (query.providerId() != null) {
                reference.provider(tx, query.providerId()).orElseThrow(() -> new NotFoundException("provider"));
            }
            Instant from = query.from().atStartOfDay(zone).toInstant();
            Instant to = query.to().plusDays(1).atStartOfDay(zone).toInstant();
            Instant earliest = Time.now(context.clock()).plus(access.via() == Via.STAFF ? Duration.ZERO
                    : policy.leadTime());
            if (from.isBefore(earliest)) {
                from = earliest;
            }
            List<SlotView> views = new ArrayList<>();
            String next = null;
            if (from.isBefore(to)) {
                List<Slot> found = tx.slots().findOpen(new SlotQuery(from, to, query.providerId(),
                        query.departmentId(), query.visitTypeId()), after, page.size() + 1);
                Names names = new Names(tx, reference);
                for (Slot slot : found.subList(0, Math.min(found.size(), page.size()))) {
                    Department department = names.department(slot.departmentId());
                    views.add(new SlotView(slot.id(), slot.providerId(), names.provider(slot.providerId()).displayName(),
                            slot.departmentId(), department.name(), type.id(), type.name(),
                            Time.atZone(slot.start(), department.zone()), Time.atZone(slot.end(), department.zone())));
                }
                if (found.size() > page.size()) {
                    Slot last = found.get(page.size() - 1);
                    next = PageCursors.afterStart(LIST_SLOTS, last.start(), last.id().value());
                }
            }
            context.audit().record(tx, access.success(patient.toString()));
            return new Page<>(views, next);
        });
    }

    public AppointmentView book(Actor actor, PatientId patient, BookAppointment command) {
        return context.access().run(actor, patient, BOOK, () -> context.validation().violations(command),
                (tx, access) -> {
                    String scope = "scheduling.book:" + patient;
                    String key = command.idempotencyKey();
                    CommandSnapshot read = readForCommand(tx, patient, scope, key, command.slotId(), null);
                    String fingerprint = key == null ? null
                            : context.idempotency().fingerprint(command.slotId(), command.visitTypeId());
                    return idempotent(tx, access, scope, key, fingerprint, read, () -> {
                        Instant now = Time.now(context.clock());
                        Slot slot = read.slot().orElseThrow(() -> new NotFoundException("slot"));
                        VisitType type = cachedVisitType(tx, command.visitTypeId());
                        checkBookable(tx, access, slot, type, true, now);
                        Appointment appointment = Appointment.book(AppointmentId.newId(), patient, slot, type.id(), now,
                                by(access));
                        // written behind where the storage can: a refusal then comes at the commit,
                        // where Transactions turns it into what a refusal now throws here
                        try {
                            tx.bookSlotBehind(appointment);
                        } catch (SlotBookingRefusedException refused) {
                            throw Transactions.refused(refused);
                        }
                        notifyBooked(tx, appointment, account(read), now);
                        return appointment;
                    });
                });
    }

    public AppointmentView cancel(Actor actor, PatientId patient, CancelAppointment command) {
        return context.access().run(actor, patient, CANCEL, () -> context.validation().violations(command),
                (tx, access) -> {
                    String scope = "scheduling.cancel:" + patient;
                    String key = command.idempotencyKey();
                    CommandSnapshot read = readForCommand(tx, patient, scope, key, null, command.appointmentId());
                    String fingerprint = key == null ? null
                            : context.idempotency().fingerprint(command.appointmentId());
                    return idempotent(tx, access, scope, key, fingerprint, read, () -> {
                        Instant now = Time.now(context.clock());
                        Appointment found = appointmentOf(read, patient);
                        checkChangeable(access, found, now);
                        Appointment cancelled = tx.appointments().update(found.close(AppointmentStatus.CANCELLED, now,
                                by(access), access.via() == Via.STAFF ? "staff_cancelled" : "patient_cancelled"));
                        tx.slots().releaseBehind(found.slotId(), found.id());
                        tx.outbox().cancelPendingBehind(REMINDER_KEY_PREFIX + found.id(), now);
                        freeSlot(tx, found, Freeing.of(read), now);
                        // last: a storage that writes inserts behind sends it with the commit
                        enqueue(tx, NotificationKinds.APPOINTMENT_CANCELLED, patient, account(read), null, now, now,
                                Map.of("appointmentId", found.id().toString()));
                        return cancelled;
                    });
                });
    }

    public AppointmentView reschedule(Actor actor, PatientId patient, Reschedule command) {
        return context.access().run(actor, patient, RESCHEDULE, () -> context.validation().violations(command),
                (tx, access) -> {
                    String scope = "scheduling.reschedule:" + patient;
                    String key = command.idempotencyKey();
                    CommandSnapshot read = readForCommand(tx, patient, scope, key, command.newSlotId(),
                            command.appointmentId());
                    String fingerprint = key == null ? null
                            : context.idempotency().fingerprint(command.appointmentId(), command.newSlotId());
                    return idempotent(tx, access, scope, key, fingerprint, read, () -> {
                        Instant now = Time.now(context.clock());
                        Appointment old = appointmentOf(read, patient);
                        checkChangeable(access, old, now);
                        Slot slot = read.slot().orElseThrow(() -> new NotFoundException("slot"));
                        if (slot.id().equals(old.slotId())) {
                            throw new RuleViolationException("same_slot", "the appointment is already in this slot");
                        }
                        VisitType type = cachedVisitType(tx, old.visitTypeId());
                        checkBookable(tx, access, slot, type, false, now);
                        return move(tx, access, old, slot, account(read), Freeing.of(read), now);
                    });
                });
    }

    public Page<AppointmentView> upcoming(Actor actor, PatientId patient, PageRequest page) {
        return context.access().run(actor, patient, UPCOMING, () -> pageViolations(page, LIST_UPCOMING, 2),
                (tx, access) -> {
                    requirePatient(tx, patient);
                    StartCursor after = PageCursors.startOf(LIST_UPCOMING, page);
                    List<Appointment> found = tx.appointments().upcoming(patient, Time.now(context.clock()), after,
                            page.size() + 1);
                    Page<AppointmentView> result = page(tx, found, page.size(), false, LIST_UPCOMING);
                    context.audit().record(tx, access.success(patient.toString()));
                    return result;
                });
    }

    public Page<AppointmentView> past(Actor actor, PatientId patient, PageRequest page) {
        return context.access().run(actor, patient, PAST, () -> pageViolations(page, LIST_PAST, 2),
                (tx, access) -> {
                    requirePatient(tx, patient);
                    StartCursor after = PageCursors.startOf(LIST_PAST, page);
                    List<Appointment> found = tx.appointments().past(patient, Time.now(context.clock()), after,
                            page.size() + 1);
                    Page<AppointmentView> result = page(tx, found, page.size(), true, LIST_PAST);
                    context.audit().record(tx, access.success(patient.toString()));
                    return result;
                });
    }

    private Page<AppointmentView> page(StorageTransaction tx, List<Appointment> found, int pageSize,
                                       boolean withSummaries, String list) {
        Names names = new Names(tx, reference);
        List<AppointmentView> views = new ArrayList<>();
        for (Appointment a : found.subList(0, Math.min(found.size(), pageSize))) {
            String summary = null;
            List<org.patientportal.model.Diagnosis> diagnoses = List.of();
            if (withSummaries && a.status() == AppointmentStatus.COMPLETED) {
                Optional<VisitSummary> recorded = tx.visitSummaries().find(a.id());
                if (recorded.isPresent()) {
                    summary = recorded.get().summary();
                    diagnoses = recorded.get().diagnoses();
                }
            }
            views.add(view(names, a, summary, diagnoses));
        }
        String next = null;
        if (found.size() > pageSize) {
            Appointment last = found.get(pageSize - 1);
            next = PageCursors.afterStart(list, last.start(), last.id().value());
        }
        return new Page<>(views, next);
    }

    /**
     * Runs an idempotent command (IN-1): the first result if the key was used, else the command, its
     * result remembered with the key. A command refused because a concurrent request with the same
     * key just did the work (the slot it booked, the appointment it moved) answers that request's
     * result. Audits the SUCCESS event.
     */
    private AppointmentView idempotent(StorageTransaction tx, Access access, String scope, String key, String fingerprint,
                                   CommandSnapshot read, Supplier<Appointment> command) {
        // Same-key retries for one patient queue on the head of the patient's audit chain, locked by
        // the command's first read before the record was read (which this transaction locks anyway
        // to audit), so a retry racing the first call waits for it and then replays its result
        // instead of failing on the stale appointment (IN-1).
        Optional<Appointment> first = key == null ? Optional.empty()
                : context.idempotency().replay(read.idempotencyRecord(), fingerprint, String.class)
                        .map(StoredAppointment::decode);
        if (first.isEmpty()) {
            Appointment result;
            try {
                result = command.get();
            } catch (ConflictException | RuleViolationException | NotFoundException refused) {
                Optional<Appointment> concurrent = key == null ? Optional.empty()
                        : replay(tx, scope, key, fingerprint);
                if (concurrent.isEmpty()) {
                    throw refused;
                }
                context.audit().record(tx, access.success(concurrent.get().id().toString()));
                return view(tx, concurrent.get());
            }
            remember(tx, scope, key, fingerprint, result);
            context.audit().record(tx, access.success(result.id().toString()));
            return view(tx, result);
        }
        context.audit().record(tx, access.success(first.get().id().toString()));
        return view(tx, first.get());
    }

    private static Appointment appointmentOf(CommandSnapshot read, PatientId patient) {
        return read.appointment().filter(a -> a.patientId().equals(patient))
                .orElseThrow(() -> new NotFoundException("appointment"));
    }

    private static AccountId account(CommandSnapshot read) {
        return read.account().map(Account::id).orElse(null);
    }

    private Optional<Appointment> replay(StorageTransaction tx, String scope, String key, String fingerprint) {
        return context.idempotency().replay(tx, scope, key, fingerprint, String.class).map(StoredAppointment::decode);
    }

    private void remember(StorageTransaction tx, String scope, String key, String fingerprint, Appointment result) {
        context.idempotency().rememberJson(tx, scope, key, fingerprint, StoredAppointment.encodeAsJsonString(result));
    }
}
