package org.patientportal.core.internal.scheduling;

import org.patientportal.core.scheduling.*;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.patientportal.core.Actor;
import org.patientportal.core.ConflictException;
import org.patientportal.core.InvalidRequestException;
import org.patientportal.core.InvalidRequestException.Violation;
import org.patientportal.core.NotFoundException;
import org.patientportal.core.Role;
import org.patientportal.core.RuleViolationException;
import org.patientportal.core.internal.AccessPolicy.Access;
import org.patientportal.core.internal.AccessPolicy.Operation;
import org.patientportal.core.internal.AccessPolicy.Via;
import org.patientportal.core.internal.AuditActors;
import org.patientportal.core.internal.Audited;
import org.patientportal.core.internal.PageCursors;
import org.patientportal.core.internal.PortalContext;
import org.patientportal.core.Page;
import org.patientportal.core.PageRequest;
import org.jspecify.annotations.Nullable;
import java.util.UUID;
import org.patientportal.core.internal.StaffAccess;
import org.patientportal.core.internal.Time;
import org.patientportal.core.internal.Validation;
import org.patientportal.core.notifications.NotificationKinds;
import org.patientportal.model.Account;
import org.patientportal.model.AccountId;
import org.patientportal.model.Appointment;
import org.patientportal.model.AuditChain;
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
import org.patientportal.model.SlotId;
import org.patientportal.model.SlotStatus;
import org.patientportal.model.StartCursor;
import org.patientportal.model.VisitSummary;
import org.patientportal.model.VisitType;
import org.patientportal.model.VisitTypeId;
import org.patientportal.model.WaitlistEntry;
import org.patientportal.model.WaitlistEntryId;
import org.patientportal.model.WaitlistStatus;
import org.patientportal.spi.storage.SlotQuery;
import org.patientportal.spi.storage.StorageTransaction;

/**
 * The {@link Scheduling} use cases. Built by the portal builder; not API.
 *
 * <p>Operations that take a patient id run through the access policy ({@code AccessPolicy.run}):
 * staff role, validation, then one transaction with the decision, the use case's writes, its outbox
 * entries, its idempotency record and its SUCCESS audit event. Staff set-up operations check the
 * role (ST-1), validate, and run one transaction the same way. A failure is audited once in its own
 * transaction; the use case's transaction is rolled back, so a refused call changes nothing.
 */
public final class SchedulingService implements Scheduling {
    /** Audit data category of departments. */
    public static final String DEPARTMENT = "department";
    private static final String LIST_SLOTS = "scheduling.slots";
    private static final String LIST_UPCOMING = "scheduling.upcoming";
    private static final String LIST_PAST = "scheduling.past";
    private static final String LIST_REQUESTS = "scheduling.requests";
    /** Audit data category of providers. */
    public static final String PROVIDER = "provider";
    /** Audit data category of visit types. */
    public static final String VISIT_TYPE = "visit-type";
    /** Audit data category of slots. */
    public static final String SLOT = "slot";
    /** Audit data category of appointment requests. */
    public static final String APPOINTMENT_REQUEST = "appointment-request";
    /** Prefix of the correlation key of an appointment's reminders: {@code "appointment:<id>"}. */
    public static final String REMINDER_KEY_PREFIX = "appointment:";
    /** Prefix of the correlation key of a wait-list offer: {@code "waitlist:<entry id>"}. */
    public static final String OFFER_KEY_PREFIX = "waitlist:";
    /** The most days a weekly template may span (SC-1). */
    public static final int MAX_TEMPLATE_DAYS = WeeklyTemplate.MAX_DAYS;
    /** The most slots one weekly template may open. */
    public static final int MAX_TEMPLATE_SLOTS = WeeklyTemplate.MAX_SLOTS;

    private static final Duration MAX_LENGTH = Duration.ofHours(24);
    private static final String WHOLE_MINUTES = "must be whole minutes, from 1 minute to 24 hours";
    private static final int SCAN_PAGE = 200;
    private static final int MAX_OFFERS = 1000;
    private static final Pattern REASON = Pattern.compile("[a-z0-9_]{1,64}");

    private static final Operation FIND_OPEN_SLOTS = Operation.of(Scheduling.class, "findOpenSlots", Actor.class,
            PatientId.class, FindSlots.class);
    private static final Operation BOOK = Operation.of(Scheduling.class, "book", Actor.class, PatientId.class,
            BookAppointment.class);
    private static final Operation CANCEL = Operation.of(Scheduling.class, "cancel", Actor.class, PatientId.class,
            CancelAppointment.class);
    private static final Operation RESCHEDULE = Operation.of(Scheduling.class, "reschedule", Actor.class,
            PatientId.class, Reschedule.class);
    private static final Operation UPCOMING = Operation.of(Scheduling.class, "upcoming", Actor.class,
            PatientId.class, String.class, int.class);
    private static final Operation PAST = Operation.of(Scheduling.class, "past", Actor.class, PatientId.class,
            String.class, int.class);
    private static final Operation REQUEST = Operation.of(Scheduling.class, "requestAppointment", Actor.class,
            PatientId.class, RequestAppointment.class);
    private static final Operation JOIN_WAITLIST = Operation.of(Scheduling.class, "joinWaitlist", Actor.class,
            PatientId.class, AppointmentId.class);
    private static final Operation LEAVE_WAITLIST = Operation.of(Scheduling.class, "leaveWaitlist", Actor.class,
            PatientId.class, WaitlistEntryId.class);
    private static final Operation ACCEPT_OFFER = Operation.of(Scheduling.class, "acceptOffer", Actor.class,
            PatientId.class, WaitlistEntryId.class, SlotId.class);
    private static final Operation MARK_COMPLETED = Operation.of(Scheduling.class, "markCompleted", Actor.class,
            PatientId.class, AppointmentId.class);
    private static final Operation MARK_NO_SHOW = Operation.of(Scheduling.class, "markNoShow", Actor.class,
            PatientId.class, AppointmentId.class);
    private static final Operation RECORD_SUMMARY = Operation.of(Scheduling.class, "recordVisitSummary",
            Actor.class, PatientId.class, AppointmentId.class, RecordVisitSummary.class);
    private static final Operation SCHEDULE_REQUEST = Operation.of(Scheduling.class, "scheduleRequest",
            Actor.class, PatientId.class, AppointmentRequestId.class, SlotId.class);
    private static final Operation DECLINE_REQUEST = Operation.of(Scheduling.class, "declineRequest", Actor.class,
            PatientId.class, AppointmentRequestId.class, String.class);

    private final PortalContext context;
    private final SchedulingPolicy policy;

    /**
     * @param context the portal's shared plumbing
     * @param policy  lead time, cutoff, reminders, search range, page size
     */
    public SchedulingService(PortalContext context, SchedulingPolicy policy) {
        this.context = Objects.requireNonNull(context, "context");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    // ------------------------------------------------------------------ staff set-up

    @Override
    public DepartmentView createDepartment(Actor staff, CreateDepartment command) {
        return Views.department(staffCall(staff, "scheduling.createDepartment", AuditAction.CREATE, DEPARTMENT,
                () -> context.validation().violations(command), (tx, actor) -> {
                    Department department = new Department(DepartmentId.newId(), command.name().strip(),
                            command.zone(), 0);
                    tx.departments().insert(department);
                    context.audit().record(tx, Audited.success(null, actor, AuditAction.CREATE, DEPARTMENT,
                            department.id().toString()));
                    return department;
                }));
    }

    @Override
    public ProviderView createProvider(Actor staff, CreateProvider command) {
        return Views.provider(staffCall(staff, "scheduling.createProvider", AuditAction.CREATE, PROVIDER,
                () -> context.validation().violations(command), (tx, actor) -> {
                    Provider provider = new Provider(ProviderId.newId(), command.displayName().strip(), true, 0);
                    tx.providers().insert(provider);
                    context.audit().record(tx, Audited.success(null, actor, AuditAction.CREATE, PROVIDER,
                            provider.id().toString()));
                    return provider;
                }));
    }

    @Override
    public VisitTypeView createVisitType(Actor staff, CreateVisitType command) {
        return Views.visitType(staffCall(staff, "scheduling.createVisitType", AuditAction.CREATE, VISIT_TYPE, () -> {
            List<Violation> all = new ArrayList<>(context.validation().violations(command));
            if (command != null) {
                checkLength(command.duration(), "duration", all);
            }
            return all;
        }, (tx, actor) -> {
            VisitType type = new VisitType(VisitTypeId.newId(), command.name().strip(), command.duration(),
                    command.selfSchedulable(), command.eligibility(), true, 0);
            tx.visitTypes().insert(type);
            context.audit().record(tx, Audited.success(null, actor, AuditAction.CREATE, VISIT_TYPE,
                    type.id().toString()));
            return type;
        }));
    }

    @Override
    public OpenedSlot openSlot(Actor staff, OpenSlot command) {
        return Views.slot(staffCall(staff, "scheduling.openSlot", AuditAction.CREATE, SLOT, () -> {
            List<Violation> all = new ArrayList<>(context.validation().violations(command));
            if (command != null) {
                checkLength(command.length(), "length", all);
            }
            return all;
        }, (tx, actor) -> {
            Department department = slotTargets(tx, command.providerId(), command.departmentId(),
                    command.visitTypes());
            ZoneId zone = department.zone();
            if (zone.getRules().getValidOffsets(command.localStart()).isEmpty()) {
                throw InvalidRequestException.of("localStart",
                        "does not exist in " + zone.getId() + ": daylight-saving gap");
            }
            Instant start = ZonedDateTime.ofLocal(command.localStart(), zone, null).toInstant();
            Instant now = Time.now(context.clock());
            if (!start.isAfter(now)) {
                throw InvalidRequestException.of("localStart", "must be in the future");
            }
            Slot slot = Slot.open(command.providerId(), command.departmentId(), start, start.plus(command.length()),
                    command.visitTypes());
            NavigableMap<Instant, Slot> existing = existingSlots(tx, command.providerId(), slot.start(), slot.end());
            if (overlaps(existing, slot)) {
                throw new ConflictException("the slot overlaps another slot of the provider");
            }
            tx.slots().insertAll(List.of(slot));
            context.audit().record(tx, Audited.success(null, actor, AuditAction.CREATE, SLOT, slot.id().toString()));
            return slot;
        }));
    }

    @Override
    public List<OpenedSlot> openSlotsFromTemplate(Actor staff, WeeklyTemplate template) {
        return staffCall(staff, "scheduling.openSlotsFromTemplate", AuditAction.CREATE, SLOT,
                () -> templateViolations(template), (tx, actor) -> {
                    Department department = slotTargets(tx, template.providerId(), template.departmentId(),
                            template.visitTypes());
                    ZoneId zone = department.zone();
                    Instant now = Time.now(context.clock());
                    List<Slot> slots = new ArrayList<>();
                    long length = template.slotLength().toMinutes();
                    int fromMinute = template.from().getHour() * 60 + template.from().getMinute();
                    int toMinute = template.to().getHour() * 60 + template.to().getMinute();
                    for (LocalDate day = template.firstDay(); !day.isAfter(template.lastDay()); day = day.plusDays(1)) {
                        if (!template.days().contains(day.getDayOfWeek())) {
                            continue;
                        }
                        for (long minute = fromMinute; minute + length <= toMinute; minute += length) {
                            LocalDateTime local = day.atTime(LocalTime.of((int) (minute / 60), (int) (minute % 60)))
                                    .withSecond(template.from().getSecond());
                            if (zone.getRules().getValidOffsets(local).isEmpty()) {
                                continue; // daylight-saving gap: this wall-clock time does not exist
                            }
                            Instant start = ZonedDateTime.ofLocal(local, zone, null).toInstant();
                            if (!start.isAfter(now)) {
                                continue;
                            }
                            slots.add(Slot.open(template.providerId(), template.departmentId(), start,
                                    start.plus(template.slotLength()), template.visitTypes()));
                        }
                    }
                    if (!slots.isEmpty()) {
                        Instant first = slots.get(0).start();
                        Instant last = slots.get(slots.size() - 1).end();
                        NavigableMap<Instant, Slot> existing = existingSlots(tx, template.providerId(), first, last);
                        for (Slot slot : slots) {
                            if (overlaps(existing, slot)) {
                                throw new ConflictException("a slot of the template overlaps another slot of the provider");
                            }
                        }
                        tx.slots().insertAll(slots);
                    }
                    context.audit().record(tx, Audited.success(null, actor, AuditAction.CREATE, SLOT,
                            slots.isEmpty() ? null : slots.get(0).id().toString()));
                    return slots.stream().map(Views::slot).toList();
                });
    }

    @Override
    public void closeSlot(Actor staff, SlotId slot) {
        staffCall(staff, "scheduling.closeSlot", AuditAction.UPDATE, SLOT, () -> required(slot, "slot"),
                (tx, actor) -> {
                    Slot found = tx.slots().find(slot).orElseThrow(() -> new NotFoundException("slot"));
                    if (found.status() == SlotStatus.OPEN && !tx.slots().close(slot)) {
                        found = tx.slots().find(slot).orElseThrow(() -> new NotFoundException("slot"));
                    }
                    if (found.status() == SlotStatus.BOOKED) {
                        throw new RuleViolationException("slot_booked",
                                "the slot is booked: cancel its appointment first");
                    }
                    context.audit().record(tx, Audited.success(null, actor, AuditAction.UPDATE, SLOT, slot.toString()));
                    return null;
                });
    }

    @Override
    public Page<AppointmentRequestView> openRequests(Actor staff, PageRequest page) {
        return staffCall(staff, "scheduling.openRequests", AuditAction.READ, APPOINTMENT_REQUEST,
                () -> pageViolations(page, LIST_REQUESTS, 1), (tx, actor) -> {
                    UUID after = PageCursors.idOf(LIST_REQUESTS, page);
                    List<AppointmentRequest> found = tx.appointmentRequests().open(
                            after == null ? null : new AppointmentRequestId(after), page.size() + 1);
                    context.audit().record(tx, Audited.success(null, actor, AuditAction.READ, APPOINTMENT_REQUEST,
                            null));
                    List<AppointmentRequestView> items = found.subList(0, Math.min(found.size(), page.size()))
                            .stream().map(Views::request).toList();
                    String next = found.size() > page.size()
                            ? PageCursors.afterId(LIST_REQUESTS, found.get(page.size() - 1).id().value()) : null;
                    return new Page<>(items, next);
                });
    }

    // ------------------------------------------------------------------ patient side

    @Override
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
            VisitType type = tx.visitTypes().find(query.visitTypeId())
                    .orElseThrow(() -> new NotFoundException("visit type"));
            ZoneId zone = context.clock().getZone();
            if (query.departmentId() != null) {
                zone = tx.departments().find(query.departmentId())
                        .orElseThrow(() -> new NotFoundException("department")).zone();
            }
            if (query.providerId() != null) {
                tx.providers().find(query.providerId()).orElseThrow(() -> new NotFoundException("provider"));
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
                Names names = new Names(tx);
                for (Slot slot : found.subList(0, Math.min(found.size(), page.size()))) {
                    Department department = names.department(slot.departmentId());
                    views.add(new SlotView(slot.id(), slot.providerId(), names.provider(slot.providerId()).displayName(),
                            slot.departmentId(), department.name(), type.id(), type.name(),
                            slot.start().atZone(department.zone()), slot.end().atZone(department.zone())));
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

    @Override
    public AppointmentView book(Actor actor, PatientId patient, BookAppointment command) {
        return context.access().run(actor, patient, BOOK, () -> context.validation().violations(command),
                (tx, access) -> {
                    requirePatient(tx, patient);
                    String scope = "scheduling.book:" + patient;
                    String key = command.idempotencyKey();
                    String fingerprint = key == null ? null
                            : context.idempotency().fingerprint(command.slotId(), command.visitTypeId());
                    return idempotent(tx, access, scope, key, fingerprint, () -> {
                        Instant now = Time.now(context.clock());
                        Slot slot = tx.slots().find(command.slotId()).orElseThrow(() -> new NotFoundException("slot"));
                        VisitType type = visitType(tx, command.visitTypeId());
                        checkBookable(tx, access, slot, type, true, now);
                        AppointmentId id = AppointmentId.newId();
                        if (!tx.slots().book(slot.id(), id)) {
                            throw slotTaken();
                        }
                        Appointment appointment = Appointment.book(id, patient, slot, type.id(), now, by(access));
                        if (!tx.appointments().insertIfNoOverlap(appointment)) {
                            throw overlapping();
                        }
                        notifyBooked(tx, appointment, now);
                        return appointment;
                    });
                });
    }

    @Override
    public AppointmentView cancel(Actor actor, PatientId patient, CancelAppointment command) {
        return context.access().run(actor, patient, CANCEL, () -> context.validation().violations(command),
                (tx, access) -> {
                    requirePatient(tx, patient);
                    String scope = "scheduling.cancel:" + patient;
                    String key = command.idempotencyKey();
                    String fingerprint = key == null ? null
                            : context.idempotency().fingerprint(command.appointmentId());
                    return idempotent(tx, access, scope, key, fingerprint, () -> {
                        Instant now = Time.now(context.clock());
                        Appointment found = appointmentOf(tx, patient, command.appointmentId());
                        checkChangeable(access, found, now);
                        Appointment cancelled = tx.appointments().update(found.close(AppointmentStatus.CANCELLED, now,
                                by(access), access.via() == Via.STAFF ? "staff_cancelled" : "patient_cancelled"));
                        tx.slots().release(found.slotId(), found.id());
                        tx.outbox().cancelPending(REMINDER_KEY_PREFIX + found.id(), now);
                        enqueue(tx, NotificationKinds.APPOINTMENT_CANCELLED, patient, null, now,
                                Map.of("appointmentId", found.id().toString()));
                        closeWaitlistEntries(tx, patient, found.id(), now);
                        tx.slots().find(found.slotId()).ifPresent(freed -> offerFreedSlot(tx, freed, now));
                        return cancelled;
                    });
                });
    }

    @Override
    public AppointmentView reschedule(Actor actor, PatientId patient, Reschedule command) {
        return context.access().run(actor, patient, RESCHEDULE, () -> context.validation().violations(command),
                (tx, access) -> {
                    requirePatient(tx, patient);
                    String scope = "scheduling.reschedule:" + patient;
                    String key = command.idempotencyKey();
                    String fingerprint = key == null ? null
                            : context.idempotency().fingerprint(command.appointmentId(), command.newSlotId());
                    return idempotent(tx, access, scope, key, fingerprint, () -> {
                        Instant now = Time.now(context.clock());
                        Appointment old = appointmentOf(tx, patient, command.appointmentId());
                        checkChangeable(access, old, now);
                        Slot slot = tx.slots().find(command.newSlotId())
                                .orElseThrow(() -> new NotFoundException("slot"));
                        if (slot.id().equals(old.slotId())) {
                            throw new RuleViolationException("same_slot", "the appointment is already in this slot");
                        }
                        VisitType type = visitType(tx, old.visitTypeId());
                        checkBookable(tx, access, slot, type, false, now);
                        return move(tx, access, old, slot, now);
                    });
                });
    }

    @Override
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

    @Override
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

    @Override
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

    @Override
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

    @Override
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

    @Override
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

    // ------------------------------------------------------------------ staff on a patient's appointments

    @Override
    public AppointmentView markCompleted(Actor staff, PatientId patient, AppointmentId appointment) {
        return mark(staff, patient, appointment, MARK_COMPLETED, AppointmentStatus.COMPLETED, "completed");
    }

    @Override
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

    @Override
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

    @Override
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
            if (!tx.slots().book(target.id(), id)) {
                throw slotTaken();
            }
            Appointment appointment = Appointment.book(id, patient, target, type.id(), now, by(access));
            if (!tx.appointments().insertIfNoOverlap(appointment)) {
                throw overlapping();
            }
            tx.appointmentRequests().update(open.decide(RequestStatus.SCHEDULED, now, by(access), id, null));
            notifyBooked(tx, appointment, now);
            context.audit().record(tx, access.success(id.toString()));
            return view(tx, appointment);
        });
    }

    @Override
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

    // ------------------------------------------------------------------ rules

    /** SC-3: everything about a slot and a visit type that decides whether it can be booked now. */
    private void checkBookable(StorageTransaction tx, Access access, Slot slot, VisitType type, boolean newBooking,
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
    private void checkChangeable(Access access, Appointment appointment, Instant now) {
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
     * SC-4: moves a booked appointment into an open slot in this transaction: the new slot is booked
     * first (taken: {@link ConflictException}, nothing changed), then the old appointment becomes
     * RESCHEDULED, its slot opens, the new appointment is inserted and the reminders move.
     */
    private Appointment move(StorageTransaction tx, Access access, Appointment old, Slot slot, Instant now) {
        AppointmentId id = AppointmentId.newId();
        if (!tx.slots().book(slot.id(), id)) {
            throw slotTaken();
        }
        tx.appointments().update(old.close(AppointmentStatus.RESCHEDULED, now, by(access), "rescheduled"));
        tx.slots().release(old.slotId(), old.id());
        Appointment moved = Appointment.book(id, old.patientId(), slot, old.visitTypeId(), now, by(access));
        if (!tx.appointments().insertIfNoOverlap(moved)) {
            throw overlapping();
        }
        tx.outbox().cancelPending(REMINDER_KEY_PREFIX + old.id(), now);
        notifyBooked(tx, moved, now);
        closeWaitlistEntries(tx, old.patientId(), old.id(), now);
        tx.slots().find(old.slotId()).ifPresent(freed -> offerFreedSlot(tx, freed, now));
        return moved;
    }

    /** Whether the patient has a completed visit (eligibility NEW / ESTABLISHED). */
    private static boolean hasCompletedVisit(StorageTransaction tx, PatientId patient, Instant now) {
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

    // ------------------------------------------------------------------ outbox (SC-6, SC-7)

    /** The confirmation now and a reminder at each offset before the start that is still ahead (SC-6). */
    private void notifyBooked(StorageTransaction tx, Appointment appointment, Instant now) {
        Map<String, String> payload = Map.of("appointmentId", appointment.id().toString());
        AccountId account = account(tx, appointment.patientId());
        enqueue(tx, NotificationKinds.APPOINTMENT_BOOKED, appointment.patientId(), account, null, now, now, payload);
        for (Duration before : policy.reminders()) {
            Instant at = appointment.start().minus(before);
            if (at.isAfter(now)) {
                enqueue(tx, NotificationKinds.APPOINTMENT_REMINDER, appointment.patientId(), account,
                        REMINDER_KEY_PREFIX + appointment.id(), now, at, payload);
            }
        }
    }

    /** SC-7: offers a freed slot, in order, to every waiting patient whose appointment is later. */
    private void offerFreedSlot(StorageTransaction tx, Slot slot, Instant now) {
        if (slot.status() != SlotStatus.OPEN || slot.start().isBefore(now.plus(policy.leadTime()))) {
            return;
        }
        int offered = 0;
        for (VisitTypeId type : slot.visitTypes()) {
            WaitlistEntryId after = null;
            while (offered < MAX_OFFERS) {
                List<WaitlistEntry> page = tx.waitlist().waiting(type, slot.providerId(), after, SCAN_PAGE);
                for (WaitlistEntry entry : page) {
                    Optional<Appointment> held = tx.appointments().find(entry.appointmentId());
                    if (held.isPresent() && held.get().status() == AppointmentStatus.BOOKED
                            && held.get().start().isAfter(slot.start()) && offered < MAX_OFFERS) {
                        enqueue(tx, NotificationKinds.WAITLIST_OFFER, entry.patientId(), account(tx, entry.patientId()),
                                OFFER_KEY_PREFIX + entry.id(), now, now,
                                Map.of("waitlistEntryId", entry.id().toString(), "slotId", slot.id().toString()));
                        offered++;
                    }
                }
                if (page.size() < SCAN_PAGE) {
                    break;
                }
                after = page.get(page.size() - 1).id();
            }
        }
    }

    /** Closes the patient's WAITING entries for an appointment that left BOOKED (or moved). */
    private void closeWaitlistEntries(StorageTransaction tx, PatientId patient, AppointmentId appointment,
                                      Instant now) {
        for (WaitlistEntry entry : entriesOf(tx, patient, appointment)) {
            if (entry.status() == WaitlistStatus.WAITING) {
                tx.waitlist().update(entry.close(WaitlistStatus.CANCELLED, now));
                tx.outbox().cancelPending(OFFER_KEY_PREFIX + entry.id(), now);
            }
        }
    }

    /** The patient's entries for one appointment (the SPI has no lookup by appointment: pages by patient). */
    private static List<WaitlistEntry> entriesOf(StorageTransaction tx, PatientId patient, AppointmentId appointment) {
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

    private void enqueue(StorageTransaction tx, String kind, PatientId patient, String correlationKey, Instant now,
                         Map<String, String> payload) {
        enqueue(tx, kind, patient, account(tx, patient), correlationKey, now, now, payload);
    }

    private static void enqueue(StorageTransaction tx, String kind, PatientId patient, AccountId account,
                                String correlationKey, Instant now, Instant deliverAfter, Map<String, String> payload) {
        tx.outbox().enqueue(OutboxEntry.pending(kind, patient, account, payload, correlationKey, now, deliverAfter));
    }

    private static AccountId account(StorageTransaction tx, PatientId patient) {
        return tx.accounts().findByPatient(patient).map(Account::id).orElse(null);
    }

    // ------------------------------------------------------------------ lists

    private Page<AppointmentView> page(StorageTransaction tx, List<Appointment> found, int pageSize,
                                       boolean withSummaries, String list) {
        Names names = new Names(tx);
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

    /** The view of one appointment, without summary. */
    private static AppointmentView view(StorageTransaction tx, Appointment a) {
        return view(new Names(tx), a, null, List.of());
    }

    private static AppointmentView view(Names names, Appointment a, @Nullable String summary,
                                        List<org.patientportal.model.Diagnosis> diagnoses) {
        Department department = names.department(a.departmentId());
        return new AppointmentView(a.id(), a.slotId(), a.status(), a.providerId(),
                names.provider(a.providerId()).displayName(), a.departmentId(), department.name(),
                a.visitTypeId(), names.visitType(a.visitTypeId()).name(), a.start().atZone(department.zone()),
                a.end().atZone(department.zone()), summary, diagnoses);
    }

    /** Looks names up once per list. */
    private static final class Names {
        private final StorageTransaction tx;
        private final Map<ProviderId, Provider> providers = new HashMap<>();
        private final Map<DepartmentId, Department> departments = new HashMap<>();
        private final Map<VisitTypeId, VisitType> visitTypes = new HashMap<>();

        Names(StorageTransaction tx) {
            this.tx = tx;
        }

        Provider provider(ProviderId id) {
            return providers.computeIfAbsent(id, k -> tx.providers().find(k)
                    .orElseThrow(() -> new IllegalStateException("a slot's provider is missing")));
        }

        Department department(DepartmentId id) {
            return departments.computeIfAbsent(id, k -> tx.departments().find(k)
                    .orElseThrow(() -> new IllegalStateException("a slot's department is missing")));
        }

        VisitType visitType(VisitTypeId id) {
            return visitTypes.computeIfAbsent(id, k -> tx.visitTypes().find(k)
                    .orElseThrow(() -> new IllegalStateException("an appointment's visit type is missing")));
        }
    }

    // ------------------------------------------------------------------ lookups

    private static void requirePatient(StorageTransaction tx, PatientId patient) {
        if (tx.patients().find(patient).isEmpty()) {
            throw new NotFoundException("patient");
        }
    }

    private static Appointment appointmentOf(StorageTransaction tx, PatientId patient, AppointmentId id) {
        return tx.appointments().find(id).filter(a -> a.patientId().equals(patient))
                .orElseThrow(() -> new NotFoundException("appointment"));
    }

    private static WaitlistEntry entryOf(StorageTransaction tx, PatientId patient, WaitlistEntryId id) {
        return tx.waitlist().find(id).filter(e -> e.patientId().equals(patient))
                .orElseThrow(() -> new NotFoundException("waitlist entry"));
    }

    private static AppointmentRequest requestOf(StorageTransaction tx, PatientId patient, AppointmentRequestId id) {
        AppointmentRequest found = tx.appointmentRequests().find(id).filter(r -> r.patientId().equals(patient))
                .orElseThrow(() -> new NotFoundException("appointment request"));
        if (found.status() != RequestStatus.OPEN) {
            throw new RuleViolationException("not_open", "the request was already decided");
        }
        return found;
    }

    private static VisitType visitType(StorageTransaction tx, VisitTypeId id) {
        return tx.visitTypes().find(id).orElseThrow(() -> new NotFoundException("visit type"));
    }

    /** The provider (active), the department and every visit type of a new slot; returns the department. */
    private static Department slotTargets(StorageTransaction tx, ProviderId provider, DepartmentId department,
                                          Set<VisitTypeId> types) {
        Provider found = tx.providers().find(provider).orElseThrow(() -> new NotFoundException("provider"));
        if (!found.active()) {
            throw new RuleViolationException("provider_inactive", "the provider is not active");
        }
        Department where = tx.departments().find(department).orElseThrow(() -> new NotFoundException("department"));
        for (VisitTypeId type : types) {
            visitType(tx, type);
        }
        return where;
    }

    /** The provider's slots that are not closed, around [from, to), by start. */
    private static NavigableMap<Instant, Slot> existingSlots(StorageTransaction tx, ProviderId provider, Instant from,
                                                             Instant to) {
        NavigableMap<Instant, Slot> byStart = new TreeMap<>();
        for (Slot slot : tx.slots().overlapping(provider, from, to)) {
            if (slot.status() != SlotStatus.CLOSED) {
                byStart.merge(slot.start(), slot, (a, b) -> a.end().isAfter(b.end()) ? a : b);
            }
        }
        return byStart;
    }

    private static boolean overlaps(NavigableMap<Instant, Slot> existing, Slot slot) {
        Map.Entry<Instant, Slot> before = existing.lowerEntry(slot.end());
        if (before != null && before.getValue().end().isAfter(slot.start())) {
            return true;
        }
        // an earlier, longer slot may still cover this one
        for (Slot other : existing.headMap(slot.start(), true).descendingMap().values()) {
            if (other.end().isAfter(slot.start())) {
                return true;
            }
            if (other.end().plus(MAX_LENGTH).isBefore(slot.start())) {
                break;
            }
        }
        return false;
    }

    private static String by(Access access) {
        Actor actor = access.actor();
        return actor.staffId().orElseGet(() -> actor.accountId().map(Object::toString).orElseThrow());
    }

    // ------------------------------------------------------------------ idempotency (IN-1)

    /**
     * Runs an idempotent command (IN-1): the first result if the key was used, else the command, its
     * result remembered with the key. A command refused because a concurrent request with the same
     * key just did the work (the slot it booked, the appointment it moved) answers that request's
     * result. Audits the SUCCESS event.
     */
    private AppointmentView idempotent(StorageTransaction tx, Access access, String scope, String key, String fingerprint,
                                   Supplier<Appointment> command) {
        if (key != null) {
            // Same-key retries for one patient queue on the head of the patient's audit chain (which
            // this transaction locks anyway to audit), so a retry racing the first call waits for
            // it and then replays its result instead of failing on the stale appointment (IN-1).
            tx.auditTrail().lockHead(AuditChain.of(access.patient()));
        }
        Optional<Appointment> first = replay(tx, scope, key, fingerprint);
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

    private Optional<Appointment> replay(StorageTransaction tx, String scope, String key, String fingerprint) {
        return context.idempotency().replay(tx, scope, key, fingerprint, String.class).map(StoredAppointment::decode);
    }

    private void remember(StorageTransaction tx, String scope, String key, String fingerprint, Appointment result) {
        context.idempotency().remember(tx, scope, key, fingerprint, StoredAppointment.encode(result));
    }

    // ------------------------------------------------------------------ validation (IN-2)

    private static List<Violation> required(Object value, String path) {
        return value == null ? List.of(new Violation(path, "must not be null")) : List.of();
    }

    private List<Violation> pageViolations(@Nullable PageRequest page, String list, int fields) {
        return PageCursors.violations(context.validation(), page, list, fields, policy.maxPageSize());
    }

    private void rangeViolations(LocalDate from, LocalDate to, String fromPath, String toPath, List<Violation> out) {
        if (from == null || to == null) {
            return;
        }
        if (to.isBefore(from)) {
            out.add(new Violation(toPath, "must not be before " + fromPath));
        } else if (ChronoUnit.DAYS.between(from, to) + 1 > policy.maxSearchRange().toDays()) {
            out.add(new Violation(toPath, "the range must cover at most " + policy.maxSearchRange().toDays() + " days"));
        }
    }

    private static void checkLength(Duration length, String path, List<Violation> out) {
        if (length != null && (length.isNegative() || length.isZero() || length.compareTo(MAX_LENGTH) > 0
                || length.getNano() != 0 || length.getSeconds() % 60 != 0)) {
            out.add(new Violation(path, WHOLE_MINUTES));
        }
    }

    private List<Violation> templateViolations(WeeklyTemplate template) {
        List<Violation> all = new ArrayList<>(context.validation().violations(template));
        if (template == null) {
            return all;
        }
        checkLength(template.slotLength(), "slotLength", all);
        if (template.from() != null && template.to() != null && !template.to().isAfter(template.from())) {
            all.add(new Violation("to", "must be after from"));
        }
        if (template.firstDay() != null && template.lastDay() != null) {
            if (template.lastDay().isBefore(template.firstDay())) {
                all.add(new Violation("lastDay", "must not be before firstDay"));
            } else if (ChronoUnit.DAYS.between(template.firstDay(), template.lastDay()) + 1 > MAX_TEMPLATE_DAYS) {
                all.add(new Violation("lastDay", "the range must cover at most " + MAX_TEMPLATE_DAYS + " days"));
            }
        }
        if (all.isEmpty()) {
            long perDay = Duration.between(template.from(), template.to()).toMinutes() / template.slotLength().toMinutes();
            long days = 0;
            for (LocalDate d = template.firstDay(); !d.isAfter(template.lastDay()); d = d.plusDays(1)) {
                if (template.days().contains(d.getDayOfWeek())) {
                    days++;
                }
            }
            if (perDay * days > MAX_TEMPLATE_SLOTS) {
                all.add(new Violation("slotLength", "the template would open more than " + MAX_TEMPLATE_SLOTS
                        + " slots"));
            }
        }
        return all;
    }

    // ------------------------------------------------------------------ staff calls without a patient

    @FunctionalInterface
    private interface StaffWork<T> {
        T execute(StorageTransaction tx, AuditActor actor);
    }

    /** ST-1 role check, IN-2 validation, one transaction; a failure is audited once on its own (AD-3). */
    private <T> T staffCall(Actor staff, String operation, AuditAction action, String category,
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

    private static ConflictException slotTaken() {
        return new ConflictException("the slot is no longer available");
    }

    private static RuleViolationException overlapping() {
        return new RuleViolationException("overlapping_appointment",
                "the patient already has an appointment at that time");
    }

    private static RuleViolationException notBooked() {
        return new RuleViolationException("not_booked", "the appointment is not booked");
    }
}
