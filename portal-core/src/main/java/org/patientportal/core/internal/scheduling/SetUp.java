package org.patientportal.core.internal.scheduling;

import org.patientportal.core.scheduling.*;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import org.patientportal.core.Actor;
import org.patientportal.core.ConflictException;
import org.patientportal.core.InvalidRequestException;
import org.patientportal.core.InvalidRequestException.Violation;
import org.patientportal.core.NotFoundException;
import org.patientportal.core.RuleViolationException;
import org.patientportal.core.internal.Audited;
import org.patientportal.core.internal.PortalContext;
import org.patientportal.core.internal.Time;
import org.patientportal.model.AuditAction;
import org.patientportal.model.Department;
import org.patientportal.model.DepartmentId;
import org.patientportal.model.Provider;
import org.patientportal.model.ProviderId;
import org.patientportal.model.Slot;
import org.patientportal.model.SlotId;
import org.patientportal.model.SlotStatus;
import org.patientportal.model.VisitType;
import org.patientportal.model.VisitTypeId;
import org.patientportal.spi.storage.SlotOverlapException;
import org.patientportal.spi.storage.StorageTransaction;

/** Staff set-up (SC-1): departments, providers, visit types, and slots opened one by one or from a weekly template. */
final class SetUp extends SchedulingPart {

    SetUp(PortalContext context, SchedulingPolicy policy, ReferenceData reference) {
        super(context, policy, reference);
    }

    private static final Duration MAX_LENGTH = Duration.ofHours(24);

    private static final String WHOLE_MINUTES = "must be whole minutes, from 1 minute to 24 hours";

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
            List<ZoneOffset> offsets = zone.getRules().getValidOffsets(command.localStart());
            if (offsets.isEmpty()) {
                throw InvalidRequestException.of("localStart",
                        "does not exist in " + zone.getId() + ": daylight-saving gap");
            }
            if (command.offset() != null && !offsets.contains(command.offset())) {
                throw InvalidRequestException.of("offset", "is not an offset of " + zone.getId() + " at localStart");
            }
            Instant start = ZonedDateTime.ofLocal(command.localStart(), zone, command.offset()).toInstant();
            Instant now = Time.now(context.clock());
            if (!start.isAfter(now)) {
                throw InvalidRequestException.of("localStart", "must be in the future");
            }
            Slot slot = Slot.open(command.providerId(), command.departmentId(), start, start.plus(command.length()),
                    command.visitTypes());
            insertWithoutOverlap(tx, List.of(slot), "the slot overlaps another slot of the provider");
            context.audit().record(tx, Audited.success(null, actor, AuditAction.CREATE, SLOT, slot.id().toString()));
            return slot;
        }));
    }

    public List<OpenedSlot> openSlotsFromTemplate(Actor staff, WeeklyTemplate template) {
        return staffCall(staff, "scheduling.openSlotsFromTemplate", AuditAction.CREATE, SLOT,
                () -> templateViolations(template), (tx, actor) -> {
                    Department department = slotTargets(tx, template.providerId(), template.departmentId(),
                            template.visitTypes());
                    ZoneId zone = department.zone();
                    Instant now = Time.now(context.clock());
                    List<Slot> slots = new ArrayList<>();
                    List<Slot> repeated = new ArrayList<>();
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
                            List<ZoneOffset> offsets = zone.getRules().getValidOffsets(local);
                            // none: a daylight-saving gap, this wall-clock time does not exist; two:
                            // a fall-back overlap, it happens twice and both are opened (the later
                            // one unless it overlaps a slot of the template, see below)
                            for (int i = 0; i < offsets.size(); i++) {
                                Instant start = local.atOffset(offsets.get(i)).toInstant();
                                if (start.isAfter(now)) {
                                    Slot slot = Slot.open(template.providerId(), template.departmentId(), start,
                                            start.plus(template.slotLength()), template.visitTypes());
                                    (i == 0 ? slots : repeated).add(slot);
                                }
                            }
                        }
                    }
                    slots = withRepeated(slots, repeated);
                    insertWithoutOverlap(tx, slots, "a slot of the template overlaps another slot of the provider");
                    context.audit().record(tx, Audited.success(null, actor, AuditAction.CREATE, SLOT,
                            slots.isEmpty() ? null : slots.get(0).id().toString()));
                    return slots.stream().map(Views::slot).toList();
                });
    }

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

    /**
     * The template's slots in start order with those at the second instant of a wall-clock time
     * that happens twice: each that overlaps no slot of the template (a later instance may overlap
     * an earlier one when slots are longer than half the overlap; the earlier one stays).
     */
    private static List<Slot> withRepeated(List<Slot> slots, List<Slot> repeated) {
        if (repeated.isEmpty()) {
            return slots;
        }
        NavigableMap<Instant, Slot> byStart = new TreeMap<>();
        for (Slot slot : slots) {
            byStart.put(slot.start(), slot);
        }
        for (Slot slot : repeated) {
            if (!overlaps(byStart, slot)) {
                byStart.put(slot.start(), slot);
            }
        }
        return new ArrayList<>(byStart.values());
    }

    /** Inserts new slots if none overlaps a slot of its provider (the store decides, SC-1). */
    private static void insertWithoutOverlap(StorageTransaction tx, List<Slot> slots, String conflict) {
        if (slots.isEmpty()) {
            return;
        }
        try {
            tx.slots().insertAllWithoutOverlap(slots);
        } catch (SlotOverlapException e) {
            throw new ConflictException(conflict, e);
        }
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
}
