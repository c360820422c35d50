package org.patientportal.core.internal.scheduling;

import org.patientportal.core.scheduling.*;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.patientportal.core.Actor;
import org.patientportal.core.ConflictException;
import org.patientportal.core.InvalidRequestException.Violation;
import org.patientportal.core.NotFoundException;
import org.patientportal.core.Role;
import org.patientportal.core.RuleViolationException;
import org.patientportal.core.internal.AccessPolicy.Access;
import org.patientportal.core.internal.AccessPolicy.Via;
import org.patientportal.core.internal.AuditActors;
import org.patientportal.core.internal.Audited;
import org.patientportal.core.internal.PageCursors;
import org.patientportal.core.internal.OutboxPayloads;
import org.patientportal.core.internal.PortalContext;
import org.patientportal.core.internal.Transactions;
import org.patientportal.core.internal.Time;
import org.patientportal.core.PageRequest;
import org.jspecify.annotations.Nullable;
import org.patientportal.core.internal.StaffAccess;
import org.patientportal.core.internal.Validation;
import org.patientportal.core.notifications.NotificationKinds;
import org.patientportal.model.Account;
import org.patientportal.model.AccountId;
import org.patientportal.model.Appointment;
import org.patientportal.model.AppointmentId;
import org.patientportal.model.AppointmentRequest;
import org.patientportal.model.AppointmentRequestId;
import org.patientportal.model.AppointmentStatus;
import org.patientportal.model.AuditAction;
import org.patientportal.model.AuditActor;
import org.patientportal.model.Department;
import org.patientportal.model.DepartmentId;
import org.patientportal.model.OutboxEntry;
import org.patientportal.model.PatientEligibility;
import org.patientportal.model.PatientId;
import org.patientportal.model.Provider;
import org.patientportal.model.ProviderId;
import org.patientportal.model.RequestStatus;
import org.patientportal.model.Slot;
import org.patientportal.model.SlotStatus;
import org.patientportal.model.StartCursor;
import org.patientportal.model.VisitType;
import org.patientportal.model.VisitTypeId;
import org.patientportal.model.WaitlistEntry;
import org.patientportal.model.WaitlistEntryId;
import org.patientportal.model.WaitlistStatus;
import org.patientportal.model.AuditChain;
import org.patientportal.model.SlotId;
import org.patientportal.spi.storage.CommandRead;
import org.patientportal.spi.storage.CommandSnapshot;
import org.patientportal.spi.storage.StorageTransaction;

/**
 * What the parts of {@link SchedulingService} share: the plumbing, the booking rules (SC-3, SC-4,
 * SC-6), moving an appointment, offering a freed slot to the wait list (SC-7), the views, the
 * lookups and the checks of input.
 */
abstract class SchedulingPart {
    /** Audit data category of departments. */
    static final String DEPARTMENT = "department";

    /** Audit data category of providers. */
    static final String PROVIDER = "provider";

    /** Audit data category of visit types. */
    static final String VISIT_TYPE = "visit-type";

    /** Audit data category of slots. */
    static final String SLOT = "slot";

    /** Audit data category of appointment requests. */
    static final String APPOINTMENT_REQUEST = "appointment-request";

    /** Prefix of the correlation key of an appointment's reminders: {@code "appointment:<id>"}. */
    static final String REMINDER_KEY_PREFIX = "appointment:";

    /** Prefix of the correlation key of a wait-list offer: {@code "waitlist:<entry id>"}. */
    static final String OFFER_KEY_PREFIX = "waitlist:";

    /** The most days a weekly template may span (SC-1). */
    static final int MAX_TEMPLATE_DAYS = WeeklyTemplate.MAX_DAYS;

    /** The most slots one weekly template may open. */
    static final int MAX_TEMPLATE_SLOTS = WeeklyTemplate.MAX_SLOTS;

    static final int SCAN_PAGE = 200;

    static final int MAX_OFFERS = 1000;

    /** How many waiting entries a cancel or reschedule reads with its command read (SC-7). */
    static final int WAITLIST_READ = SCAN_PAGE;

    /**
     * What the command read found for freeing an appointment's slot (SC-7).
     *
     * @param slot     the appointment's slot as read, before its release
     * @param entries  the patient's WAITING entries for the appointment
     * @param waiting  WAITING entries the slot could be offered to, in id order
     * @param complete whether {@code waiting} holds all of them (fewer than asked for)
     * @param held     the appointments the waiting entries hold, by id
     * @param accounts the waiting patients' accounts, by patient
     */
    record Freeing(Optional<Slot> slot, List<WaitlistEntry> entries, List<WaitlistEntry> waiting, boolean complete,
                   Map<AppointmentId, Appointment> held, Map<PatientId, AccountId> accounts) {
        static Freeing of(CommandSnapshot read) {
            Map<AppointmentId, Appointment> held = new HashMap<>();
            read.waitingAppointments().forEach(a -> held.put(a.id(), a));
            Map<PatientId, AccountId> accounts = new HashMap<>();
            read.waitingAccounts().forEach(a -> accounts.put(a.patientId(), a.id()));
            return new Freeing(read.appointmentSlot(), read.appointmentEntries(), read.waiting(),
                    read.waiting().size() < WAITLIST_READ, held, accounts);
        }
    }

    /** SC-3: everything about a slot and a visit type that decides whether it can be booked now. */
    void checkBookable(StorageTransaction tx, Access access, Slot slot, VisitType type, boolean newBooking,
                               Instant now) {
        if (!slot.visitTypes().contains(type.id())) {
            throw new RuleViolationException("visit_type_not_allowed", "the slot is not open for this visit type");
        }
        boolean staff = access.via() == Via.STAFF;
        if (!staff && !type.selfSchedulable()) {
            throw new RuleViolationException("request_only",
                    "this visit type is scheduled by the clinic: send a request instead");
        }
        if (!type.active()) {
            throw new RuleViolationException("visit_type_inactive", "this visit type can no longer be booked");
        }
        if (slot.status() != SlotStatus.OPEN) {
            throw slotTaken();
        }
        Instant earliest = staff ? now : now.plus(policy.leadTime());
        if (!slot.start().isAfter(now) || slot.start().isBefore(earliest)) {
            throw new RuleViolationException("too_late",
                    "the slot starts too soon to be booked online; please call the office");
        }
        if (newBooking && type.eligibility() != PatientEligibility.ANY) {
            boolean established = hasCompletedVisit(tx, access.patient(), now);
            if (established != (type.eligibility() == PatientEligibility.ESTABLISHED)) {
                throw new RuleViolationException("not_eligible", established
                        ? "this visit type is for new patients" : "this visit type is for established patients");
            }
        }
    }

    /** SC-4: a booked appointment, and (for patients and proxies) not inside the cutoff. */
    void checkChangeable(Access access, Appointment appointment, Instant now) {
        if (appointment.status() != AppointmentStatus.BOOKED) {
            throw notBooked();
        }
        if (!appointment.start().isAfter(now)) {
            throw new RuleViolationException("already_started", "the appointment has already started");
        }
        if (access.via() != Via.STAFF && now.isAfter(appointment.start().minus(policy.cancelCutoff()))) {
            throw new RuleViolationException("inside_cutoff", "it is too late to change this appointment online;"
                    + " please call the office");
        }
    }

    /**
     * SC-4: moves a booked appointment into an open slot in this transaction: the old appointment
     * becomes RESCHEDULED (written behind: a stale version fails with the booking) and the new slot
     * is booked (taken: {@link ConflictException}, the transaction rolls back), then its slot
     * opens, the new appointment is inserted and the reminders move.
     */
    Appointment move(StorageTransaction tx, Access access, Appointment old, Slot slot, Instant now) {
        return move(tx, access, old, slot, account(tx, old.patientId()), null, now);
    }

    /**
     * As {@link #move(StorageTransaction, Access, Appointment, Slot, Instant)}, with the patient's
     * account already read and, unless null, what freeing the old slot needs.
     */
    Appointment move(StorageTransaction tx, Access access, Appointment old, Slot slot, @Nullable AccountId account,
                     @Nullable Freeing freeing, Instant now) {
        AppointmentId id = AppointmentId.newId();
        // Sent together: a refused booking or a stale appointment fails here, and either way the
        // transaction rolls back (a same-key replay cannot follow a close that went through: the
        // request that did the work would have changed the appointment's version first).
        tx.appointments().updateBehind(old.close(AppointmentStatus.RESCHEDULED, now, by(access), "rescheduled"));
        Appointment moved = Appointment.book(id, old.patientId(), slot, old.visitTypeId(), now, by(access));
        bookSlot(tx, moved);
        tx.slots().releaseBehind(old.slotId(), old.id());
        tx.outbox().cancelPendingBehind(REMINDER_KEY_PREFIX + old.id(), now);
        notifyBooked(tx, moved, account, now);
        freeSlot(tx, old, freeing, now);
        return moved;
    }

    /**
     * SC-7, after an appointment left BOOKED and its slot was released: closes the patient's
     * WAITING entries for it and offers the freed slot to the wait list. With {@code freeing}
     * (read before the release, with the command read) it reads nothing more unless someone
     * waits; without, it reads the entries and the slot now.
     */
    void freeSlot(StorageTransaction tx, Appointment old, @Nullable Freeing freeing, Instant now) {
        if (freeing == null) {
            closeWaitlistEntries(tx, old.patientId(), old.id(), now);
            tx.slots().find(old.slotId()).ifPresent(freed -> offerFreedSlot(tx, freed, now));
            return;
        }
        Set<WaitlistEntryId> closed = new HashSet<>();
        for (WaitlistEntry entry : freeing.entries()) {
            closeWaitlistEntry(tx, entry, now);
            closed.add(entry.id());
        }
        Optional<Slot> freed = freeing.slot().map(slot -> released(slot, old.id()));
        if (freed.isEmpty()) {
            return;
        }
        if (!freeing.complete()) {
            offerFreedSlot(tx, freed.get(), now);
            return;
        }
        if (!offerable(freed.get(), now)) {
            return;
        }
        int offered = 0;
        for (VisitTypeId type : freed.get().visitTypes()) {
            List<WaitlistEntry> ofType = new ArrayList<>();
            for (WaitlistEntry entry : freeing.waiting()) {
                if (entry.visitTypeId().equals(type) && !closed.contains(entry.id())) {
                    ofType.add(entry);
                }
            }
            offered = offer(tx, freed.get(), ofType, offered, freeing, now);
        }
    }

    /** The slot as {@link org.patientportal.spi.storage.Slots#release} leaves it for this appointment. */
    private static Slot released(Slot slot, AppointmentId appointment) {
        if (slot.status() != SlotStatus.BOOKED || !appointment.equals(slot.appointmentId())) {
            return slot;
        }
        return new Slot(slot.id(), slot.providerId(), slot.departmentId(), slot.start(), slot.end(), slot.visitTypes(),
                SlotStatus.OPEN, null, slot.version() + 1);
    }

    /** Whether the patient has a completed visit (eligibility NEW / ESTABLISHED). */
    static boolean hasCompletedVisit(StorageTransaction tx, PatientId patient, Instant now) {
        StartCursor after = null;
        while (true) {
            List<Appointment> page = tx.appointments().past(patient, now, after, SCAN_PAGE);
            for (Appointment appointment : page) {
                if (appointment.status() == AppointmentStatus.COMPLETED) {
                    return true;
                }
            }
            if (page.size() < SCAN_PAGE) {
                return false;
            }
            Appointment last = page.get(page.size() - 1);
            after = new StartCursor(last.start(), last.id().value());
        }
    }

    /**
     * The confirmation now and a reminder at each offset before the start that is still ahead (SC-6),
     * all under the appointment's correlation key: a cancel or a move withdraws every one not yet
     * delivered, the confirmation included.
     */
    void notifyBooked(StorageTransaction tx, Appointment appointment, Instant now) {
        notifyBooked(tx, appointment, account(tx, appointment.patientId()), now);
    }

    /** As {@link #notifyBooked(StorageTransaction, Appointment, Instant)}, with the patient's account already read. */
    void notifyBooked(StorageTransaction tx, Appointment appointment, @Nullable AccountId account, Instant now) {
        // one payload text for the confirmation and every reminder
        String payload = OutboxPayloads.write(Map.of("appointmentId", appointment.id().toString()));
        String reminderKey = REMINDER_KEY_PREFIX + appointment.id();
        tx.outbox().enqueue(OutboxEntry.pending(NotificationKinds.APPOINTMENT_BOOKED, appointment.patientId(), account,
                payload, reminderKey, now, now));
        for (Duration before : policy.reminders()) {
            Instant at = appointment.start().minus(before);
            if (at.isAfter(now)) {
                tx.outbox().enqueue(OutboxEntry.pending(NotificationKinds.APPOINTMENT_REMINDER, appointment.patientId(),
                        account, payload, reminderKey, now, at));
            }
        }
    }

    /** SC-7: offers a freed slot, in order, to every waiting patient whose appointment is later. */
    void offerFreedSlot(StorageTransaction tx, Slot slot, Instant now) {
        if (!offerable(slot, now)) {
            return;
        }
        int offered = 0;
        for (VisitTypeId type : slot.visitTypes()) {
            WaitlistEntryId after = null;
            while (offered < MAX_OFFERS) {
                List<WaitlistEntry> page = tx.waitlist().waiting(type, slot.providerId(), after, SCAN_PAGE);
                offered = offer(tx, slot, page, offered, null, now);
                if (page.size() < SCAN_PAGE) {
                    break;
                }
                after = page.get(page.size() - 1).id();
            }
        }
    }

    /** Whether a freed slot is offered at all: open, and not inside the lead time. */
    private boolean offerable(Slot slot, Instant now) {
        return slot.status() == SlotStatus.OPEN && !slot.start().isBefore(now.plus(policy.leadTime()));
    }

    /**
     * Offers the slot to each entry, in order, whose appointment is later; returns the offers made
     * in all. The entries' appointments and accounts come from {@code known} (read with the
     * entries), else are read now.
     */
    private static int offer(StorageTransaction tx, Slot slot, List<WaitlistEntry> entries, int offered,
                             @Nullable Freeing known, Instant now) {
        for (WaitlistEntry entry : entries) {
            Optional<Appointment> held = known == null ? tx.appointments().find(entry.appointmentId())
                    : Optional.ofNullable(known.held().get(entry.appointmentId()));
            if (held.isPresent() && held.get().status() == AppointmentStatus.BOOKED
                    && held.get().start().isAfter(slot.start()) && offered < MAX_OFFERS) {
                AccountId account = known == null ? account(tx, entry.patientId())
                        : known.accounts().get(entry.patientId());
                enqueue(tx, NotificationKinds.WAITLIST_OFFER, entry.patientId(), account,
                        OFFER_KEY_PREFIX + entry.id(), now, now,
                        Map.of("waitlistEntryId", entry.id().toString(), "slotId", slot.id().toString()));
                offered++;
            }
        }
        return offered;
    }

    /** Closes the patient's WAITING entries for an appointment that left BOOKED (or moved). */
    void closeWaitlistEntries(StorageTransaction tx, PatientId patient, AppointmentId appointment,
                                      Instant now) {
        for (WaitlistEntry entry : entriesOf(tx, patient, appointment)) {
            if (entry.status() == WaitlistStatus.WAITING) {
                closeWaitlistEntry(tx, entry, now);
            }
        }
    }

    /** Cancels one WAITING entry and withdraws its offers not yet delivered. */
    private static void closeWaitlistEntry(StorageTransaction tx, WaitlistEntry entry, Instant now) {
        tx.waitlist().update(entry.close(WaitlistStatus.CANCELLED, now));
        tx.outbox().cancelPendingBehind(OFFER_KEY_PREFIX + entry.id(), now);
    }

    /** The patient's entries for one appointment (the SPI has no lookup by appointment: pages by patient). */
    static List<WaitlistEntry> entriesOf(StorageTransaction tx, PatientId patient, AppointmentId appointment) {
        List<WaitlistEntry> out = new ArrayList<>();
        WaitlistEntryId after = null;
        while (true) {
            List<WaitlistEntry> page = tx.waitlist().forPatient(patient, after, SCAN_PAGE);
            for (WaitlistEntry entry : page) {
                if (entry.appointmentId().equals(appointment)) {
                    out.add(entry);
                }
            }
            if (page.size() < SCAN_PAGE) {
                return out;
            }
            after = page.get(page.size() - 1).id();
        }
    }

    void enqueue(StorageTransaction tx, String kind, PatientId patient, String correlationKey, Instant now,
                         Map<String, String> payload) {
        enqueue(tx, kind, patient, account(tx, patient), correlationKey, now, now, payload);
    }

    static void enqueue(StorageTransaction tx, String kind, PatientId patient, AccountId account,
                                String correlationKey, Instant now, Instant deliverAfter, Map<String, String> payload) {
        tx.outbox().enqueue(OutboxEntry.pending(kind, patient, account, OutboxPayloads.write(payload), correlationKey, now,
                deliverAfter));
    }

    static AccountId account(StorageTransaction tx, PatientId patient) {
        return tx.accounts().findByPatient(patient).map(Account::id).orElse(null);
    }

    /** The view of one appointment, without summary. */
    AppointmentView view(StorageTransaction tx, Appointment a) {
        return view(new Names(tx, reference), a, null, List.of());
    }

    static AppointmentView view(Names names, Appointment a, @Nullable String summary,
                                        List<org.patientportal.model.Diagnosis> diagnoses) {
        Department department = names.department(a.departmentId());
        return new AppointmentView(a.id(), a.slotId(), a.status(), a.providerId(),
                names.provider(a.providerId()).displayName(), a.departmentId(), department.name(),
                a.visitTypeId(), names.visitType(a.visitTypeId()).name(), Time.atZone(a.start(), department.zone()),
                Time.atZone(a.end(), department.zone()), summary, diagnoses);
    }

    /**
     * Looks names up once per list, through the reference data cache. The first row of each kind is
     * kept in a field, the others in a map made when a second one comes (a single view needs none).
     */
    static final class Names {
        private final StorageTransaction tx;
        private final ReferenceData reference;
        private final Known<ProviderId, Provider> providers = new Known<>();
        private final Known<DepartmentId, Department> departments = new Known<>();
        private final Known<VisitTypeId, VisitType> visitTypes = new Known<>();

        Names(StorageTransaction tx, ReferenceData reference) {
            this.tx = tx;
            this.reference = reference;
        }

        Provider provider(ProviderId id) {
            return providers.get(id, k -> reference.provider(tx, k)
                    .orElseThrow(() -> new IllegalStateException("a slot's provider is missing")));
        }

        Department department(DepartmentId id) {
            return departments.get(id, k -> reference.department(tx, k)
                    .orElseThrow(() -> new IllegalStateException("a slot's department is missing")));
        }

        VisitType visitType(VisitTypeId id) {
            return visitTypes.get(id, k -> reference.visitType(tx, k)
                    .orElseThrow(() -> new IllegalStateException("an appointment's visit type is missing")));
        }

        /** The rows of one kind looked up so far. */
        private static final class Known<K, V> {
            private @Nullable K firstKey;
            private @Nullable V first;
            private @Nullable Map<K, V> others;

            V get(K key, Function<K, V> lookUp) {
                if (first != null && key.equals(firstKey)) {
                    return first;
                }
                if (first == null) {
                    V found = lookUp.apply(key);
                    firstKey = key;
                    first = found;
                    return found;
                }
                if (others == null) {
                    others = new HashMap<>();
                }
                return others.computeIfAbsent(key, lookUp);
            }
        }
    }

    static void requirePatient(StorageTransaction tx, PatientId patient) {
        if (tx.patients().find(patient).isEmpty()) {
            throw new NotFoundException("patient");
        }
    }

    /**
     * What a patient command reads first, in one call the storage may answer in one round trip:
     * the patient's audit chain head (locked), the patient (absent: {@link NotFoundException}), the
     * account, and the slot, appointment and idempotency record named.
     */
    static CommandSnapshot readForCommand(StorageTransaction tx, PatientId patient, String scope, @Nullable String key,
                                          @Nullable SlotId slot, @Nullable AppointmentId appointment) {
        CommandSnapshot read = tx.readForCommand(new CommandRead(patient, AuditChain.forPatient(patient),
                key == null ? null : scope, key, slot, appointment, appointment == null ? 0 : WAITLIST_READ));
        if (read.patient().isEmpty()) {
            throw new NotFoundException("patient");
        }
        return read;
    }

    static Appointment appointmentOf(StorageTransaction tx, PatientId patient, AppointmentId id) {
        return tx.appointments().find(id).filter(a -> a.patientId().equals(patient))
                .orElseThrow(() -> new NotFoundException("appointment"));
    }

    static WaitlistEntry entryOf(StorageTransaction tx, PatientId patient, WaitlistEntryId id) {
        return tx.waitlist().find(id).filter(e -> e.patientId().equals(patient))
                .orElseThrow(() -> new NotFoundException("waitlist entry"));
    }

    static AppointmentRequest requestOf(StorageTransaction tx, PatientId patient, AppointmentRequestId id) {
        AppointmentRequest found = tx.appointmentRequests().find(id).filter(r -> r.patientId().equals(patient))
                .orElseThrow(() -> new NotFoundException("appointment request"));
        if (found.status() != RequestStatus.OPEN) {
            throw new RuleViolationException("not_open", "the request was already decided");
        }
        return found;
    }

    static VisitType visitType(StorageTransaction tx, VisitTypeId id) {
        return tx.visitTypes().find(id).orElseThrow(() -> new NotFoundException("visit type"));
    }

    /** A visit type through the reference data cache (at most {@link ReferenceData#STALENESS} old). */
    VisitType cachedVisitType(StorageTransaction tx, VisitTypeId id) {
        return reference.visitType(tx, id).orElseThrow(() -> new NotFoundException("visit type"));
    }

    static String by(Access access) {
        Actor actor = access.actor();
        return actor.staffId().orElseGet(() -> actor.accountId().map(Object::toString).orElseThrow());
    }

    static List<Violation> required(Object value, String path) {
        return value == null ? List.of(new Violation(path, "must not be null")) : List.of();
    }

    List<Violation> pageViolations(@Nullable PageRequest page, String list, int fields) {
        return PageCursors.violations(context.validation(), page, list, fields, policy.maxPageSize());
    }

    void rangeViolations(LocalDate from, LocalDate to, String fromPath, String toPath, List<Violation> out) {
        if (from == null || to == null) {
            return;
        }
        if (to.isBefore(from)) {
            out.add(new Violation(toPath, "must not be before " + fromPath));
        } else if (ChronoUnit.DAYS.between(from, to) + 1 > policy.maxSearchRange().toDays()) {
            out.add(new Violation(toPath, "the range must cover at most " + policy.maxSearchRange().toDays() + " days"));
        }
    }

    @FunctionalInterface
    interface StaffWork<T> {
        T execute(StorageTransaction tx, AuditActor actor);
    }

    /** ST-1 role check, IN-2 validation, one transaction; a failure is audited once on its own (AD-3). */
    <T> T staffCall(Actor staff, String operation, AuditAction action, String category,
                            Supplier<List<Violation>> violations, StaffWork<T> work) {
        AuditActor[] actor = {AuditActors.of(staff)};
        try {
            Role role = StaffAccess.require(staff, operation, Role.FRONT_DESK, Role.ADMIN);
            actor[0] = AuditActors.of(staff, role);
            Validation.require(violations.get());
            return context.transactions().run(tx -> work.execute(tx, actor[0]));
        } catch (RuntimeException e) {
            context.audit().recordFailure(context.transactions(),
                    Audited.failure(null, actor[0], action, category, null, e), e);
            throw e;
        }
    }

    /**
     * Books the appointment's slot and stores the appointment ({@link StorageTransaction#bookSlot}:
     * one round trip where the storage can); a taken slot or an overlap is the caller's conflict,
     * and the transaction rolls back.
     */
    static void bookSlot(StorageTransaction tx, Appointment appointment) {
        switch (tx.bookSlot(appointment)) {
            case BOOKED -> {
            }
            case SLOT_TAKEN -> throw slotTaken();
            case OVERLAPPING -> throw overlapping();
        }
    }

    static ConflictException slotTaken() {
        return Transactions.slotTaken();
    }

    static RuleViolationException overlapping() {
        return Transactions.overlapping();
    }

    static RuleViolationException notBooked() {
        return new RuleViolationException("not_booked", "the appointment is not booked");
    }

    final PortalContext context;
    final SchedulingPolicy policy;
    final ReferenceData reference;

    SchedulingPart(PortalContext context, SchedulingPolicy policy, ReferenceData reference) {
        this.context = Objects.requireNonNull(context, "context");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.reference = Objects.requireNonNull(reference, "reference");
    }
}
