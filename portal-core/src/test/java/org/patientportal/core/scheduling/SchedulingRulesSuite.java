package org.patientportal.core.scheduling;

import org.patientportal.core.Page;
import org.patientportal.core.PageRequest;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.AccessDeniedException;
import org.patientportal.core.ConflictException;
import org.patientportal.core.InvalidRequestException;
import org.patientportal.core.Portal;
import org.patientportal.core.RuleViolationException;
import org.patientportal.core.notifications.NotificationKinds;
import org.patientportal.core.testing.OnEveryStorage;
import org.patientportal.core.testing.TestPortals;
import org.patientportal.model.Appointment;
import org.patientportal.model.AppointmentRequest;
import org.patientportal.model.AppointmentRequestId;
import org.patientportal.model.AppointmentStatus;
import org.patientportal.model.PatientEligibility;
import org.patientportal.model.PatientId;
import org.patientportal.model.RequestStatus;
import org.patientportal.model.Slot;
import org.patientportal.model.SlotId;
import org.patientportal.model.SlotStatus;
import org.patientportal.model.VisitType;
import org.patientportal.model.VisitTypeId;
import org.patientportal.spi.notification.Notification;

/**
 * SC-1 to SC-4 and request-only visit types, with a test clock: staff set-up, search, booking with
 * its lead time and past slots to the minute, cancellation at the cutoff to the minute, atomic
 * reschedule. Run on every adapter.
 */
@OnEveryStorage
@DisplayName("Scheduling rules (SC-1..SC-4, request-only visit types)")
class SchedulingRulesSuite extends SchedulingFixture {

    // ---------------------------------------------------------------- SC-1

    @Test
    @DisplayName("SC-1 staff define a department with its zone, a provider, a visit type and open a slot read in the department's zone")
    void staffSetUp() {
        Clinic clinic = clinic();
        assertThat(clinic.department().zone()).isEqualTo(NEW_YORK);
        assertThat(clinic.provider().active()).isTrue();
        assertThat(clinic.visitType().duration()).isEqualTo(HALF_HOUR);
        assertThat(clinic.visitType().selfSchedulable()).isTrue();

        Slot slot = slot(clinic, LocalDateTime.of(2026, 3, 4, 9, 15));
        assertThat(slot.start()).isEqualTo(Instant.parse("2026-03-04T14:15:00Z"));
        assertThat(slot.end()).isEqualTo(Instant.parse("2026-03-04T14:45:00Z"));
        assertThat(slot.status()).isEqualTo(SlotStatus.OPEN);
        assertThat(slot.visitTypes()).containsExactly(clinic.visitType().id());
        assertThat(stored(slot)).isEqualTo(slot);
    }

    @Test
    @DisplayName("SC-1 only front desk and admin set up the clinic: a clinician or a patient is refused")
    void setUpNeedsStaffRole() {
        Member patient = member();
        for (var actor : List.of(CLINICIAN, patient.actor())) {
            refused(AccessDeniedException.class,
                    () -> scheduling().createDepartment(actor, new CreateDepartment("Cardiology", NEW_YORK)));
            refused(AccessDeniedException.class,
                    () -> scheduling().createProvider(actor, new CreateProvider("Dr. B")));
            refused(AccessDeniedException.class, () -> scheduling().createVisitType(actor,
                    new CreateVisitType("Physical", HALF_HOUR, true, PatientEligibility.ANY)));
        }
        assertThat(scheduling().createProvider(ADMIN, new CreateProvider(unique("Dr. C "))).displayName())
                .startsWith("Dr. C");
    }

    @Test
    @DisplayName("SC-1 a slot overlapping another of the same provider is refused; one starting at the other's end is fine")
    void overlappingSlotsRefused() {
        Clinic clinic = clinic();
        Slot first = slot(clinic, LocalDateTime.of(2026, 3, 4, 9, 0));
        Snapshot before = snapshot(clinic.provider());
        refusedUnchanged(ConflictException.class, before, clinic.provider(), new PatientId[0],
                () -> slot(clinic, LocalDateTime.of(2026, 3, 4, 9, 29)));
        Slot next = slot(clinic, LocalDateTime.of(2026, 3, 4, 9, 30));
        assertThat(next.start()).isEqualTo(first.end());
        // another provider may have a slot at the same time
        Clinic other = clinic();
        assertThat(slot(other, LocalDateTime.of(2026, 3, 4, 9, 0)).start()).isEqualTo(first.start());
    }

    @Test
    @DisplayName("SC-1 a slot starting now or in the past is refused")
    void pastSlotRefused() {
        Clinic clinic = clinic();
        LocalDateTime now = LocalDateTime.ofInstant(clock.instant(), clinic.zone());
        refused(InvalidRequestException.class, () -> slot(clinic, now.minusMinutes(1)));
        assertThat(slotsOf(clinic.provider())).isEmpty();
        assertThat(slot(clinic, now.plusMinutes(1)).start()).isEqualTo(clock.instant().plusSeconds(60));
    }

    @Test
    @DisplayName("SC-1 a weekly template opens back-to-back slots on the chosen weekdays, in start order, in the department's zone")
    void weeklyTemplate() {
        Clinic clinic = clinic();
        List<Slot> slots = rows(scheduling().openSlotsFromTemplate(DESK, new WeeklyTemplate(clinic.provider().id(),
                clinic.department().id(), Set.of(DayOfWeek.TUESDAY, DayOfWeek.THURSDAY), LocalTime.of(9, 0),
                LocalTime.of(11, 0), HALF_HOUR, Set.of(clinic.visitType().id()), LocalDate.of(2026, 3, 16),
                LocalDate.of(2026, 3, 22))));
        assertThat(slots).hasSize(8);
        assertThat(slots).extracting(s -> s.start().atZone(NEW_YORK).toLocalDateTime()).containsExactly(
                LocalDateTime.of(2026, 3, 17, 9, 0), LocalDateTime.of(2026, 3, 17, 9, 30),
                LocalDateTime.of(2026, 3, 17, 10, 0), LocalDateTime.of(2026, 3, 17, 10, 30),
                LocalDateTime.of(2026, 3, 19, 9, 0), LocalDateTime.of(2026, 3, 19, 9, 30),
                LocalDateTime.of(2026, 3, 19, 10, 0), LocalDateTime.of(2026, 3, 19, 10, 30));
        assertThat(slots).allSatisfy(s -> {
            assertThat(Duration.between(s.start(), s.end())).isEqualTo(HALF_HOUR);
            assertThat(s.status()).isEqualTo(SlotStatus.OPEN);
        });
        assertThat(slotsOf(clinic.provider())).hasSize(8);
        // all or none: a template overlapping an existing slot opens nothing
        Snapshot before = snapshot(clinic.provider());
        refusedUnchanged(ConflictException.class, before, clinic.provider(), new PatientId[0],
                () -> rows(scheduling().openSlotsFromTemplate(DESK, new WeeklyTemplate(clinic.provider().id(),
                        clinic.department().id(), Set.of(DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY),
                        LocalTime.of(8, 0), LocalTime.of(9, 30), HALF_HOUR, Set.of(clinic.visitType().id()),
                        LocalDate.of(2026, 3, 16), LocalDate.of(2026, 3, 22)))));
    }

    @Test
    @DisplayName("SC-1 staff close an open slot: it is no longer found nor bookable; a booked slot is not closed")
    void closeSlot() {
        Clinic clinic = clinic();
        Member patient = member();
        Slot open = slotInDays(clinic, 5, 9);
        Slot taken = slotInDays(clinic, 5, 10);
        book(patient, taken, clinic);

        scheduling().closeSlot(DESK, open.id());
        assertThat(stored(open).status()).isEqualTo(SlotStatus.CLOSED);
        assertThat(find(patient, clinic, 0, 10)).isEmpty();
        refused(ConflictException.class, () -> book(patient, open, clinic));
        assertThat(refused(RuleViolationException.class, () -> scheduling().closeSlot(DESK, taken.id())).reason())
                .isEqualTo("slot_booked");
        assertThat(stored(taken).status()).isEqualTo(SlotStatus.BOOKED);
    }

    // ---------------------------------------------------------------- SC-2

    @Test
    @DisplayName("SC-2 search: only open slots of the visit type, provider and department, in start order, paged without gaps or repeats")
    void searchInStartOrderPaged() {
        Clinic clinic = clinic();
        Clinic elsewhere = clinic();
        VisitTypeView otherType = visitType(true, PatientEligibility.ANY);
        Member patient = member();
        Member someoneElse = member();
        List<Slot> expected = new ArrayList<>();
        // opened out of order, over three days
        for (int day : new int[] {3, 1, 2}) {
            for (int hour : new int[] {15, 9, 11}) {
                expected.add(slotInDays(clinic, day, hour));
            }
        }
        slot(clinic, LocalDate.ofInstant(clock.instant(), NEW_YORK).plusDays(1).atTime(13, 0), Set.of(otherType.id()));
        slotInDays(elsewhere, 1, 9);
        Slot bookedSlot = expected.remove(0);
        book(someoneElse, bookedSlot, clinic);
        Slot closedSlot = expected.remove(0);
        scheduling().closeSlot(DESK, closedSlot.id());
        expected.sort((a, b) -> a.start().compareTo(b.start()));

        List<SlotView> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<SlotView> page = scheduling().findOpenSlots(patient.actor(), patient.patient(), new FindSlots(clinic.visitType().id(), clinic.provider().id(), clinic.department().id(),
                            LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 31)), new PageRequest(cursor, 3));
            assertThat(page.items()).hasSizeLessThanOrEqualTo(3);
            seen.addAll(page.items());
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(seen).extracting(SlotView::slotId).containsExactlyElementsOf(expected.stream().map(Slot::id).toList());
        assertThat(pages).isBetween(3, 4);
        SlotView first = seen.get(0);
        assertThat(first.providerName()).isEqualTo(clinic.provider().displayName());
        assertThat(first.departmentName()).isEqualTo(clinic.department().name());
        assertThat(first.visitTypeName()).isEqualTo(clinic.visitType().name());
        assertThat(first.start()).isEqualTo(ZonedDateTime.ofInstant(expected.get(0).start(), NEW_YORK));
        assertThat(first.end()).isEqualTo(ZonedDateTime.ofInstant(expected.get(0).end(), NEW_YORK));

        // without provider and department filters: the other clinic's slot of another visit type is not listed
        Page<SlotView> anyProvider = scheduling().findOpenSlots(patient.actor(), patient.patient(), new FindSlots(otherType.id(), null, null, LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 31)), new PageRequest(null, 10));
        assertThat(anyProvider.items()).hasSize(1);
        assertThat(anyProvider.nextCursor()).isNull();
    }

    @Test
    @DisplayName("SC-2 the date range is read in the department's zone, both days included")
    void searchRangeInDepartmentZone() {
        Clinic clinic = clinic();
        Member patient = member();
        // 2026-03-05 23:30 in New York is 2026-03-06T04:30Z
        Slot lateEvening = slot(clinic, LocalDateTime.of(2026, 3, 5, 23, 30));
        Slot earlyMorning = slot(clinic, LocalDateTime.of(2026, 3, 6, 0, 0));
        assertThat(findOn(patient, clinic, LocalDate.of(2026, 3, 5), LocalDate.of(2026, 3, 5)))
                .containsExactly(lateEvening.id());
        assertThat(findOn(patient, clinic, LocalDate.of(2026, 3, 6), LocalDate.of(2026, 3, 6)))
                .containsExactly(earlyMorning.id());
        assertThat(findOn(patient, clinic, LocalDate.of(2026, 3, 5), LocalDate.of(2026, 3, 6)))
                .containsExactly(lateEvening.id(), earlyMorning.id());
    }

    @Test
    @DisplayName("SC-2 slots less than the lead time ahead are not listed")
    void searchHidesSlotsInsideLeadTime() {
        Clinic clinic = clinic();
        Member patient = member();
        LocalDateTime now = LocalDateTime.ofInstant(clock.instant(), NEW_YORK);
        Slot tooSoon = slot(clinic, now.plusHours(2).minusMinutes(1));
        Slot justInTime = slot(clinic, now.plusHours(3));
        assertThat(findOn(patient, clinic, now.toLocalDate(), now.toLocalDate().plusDays(1)))
                .contains(justInTime.id()).doesNotContain(tooSoon.id());
    }

    // ---------------------------------------------------------------- SC-3

    @Test
    @DisplayName("SC-3 booking an open future slot gives a BOOKED appointment and a BOOKED slot held by it")
    void book() {
        Clinic clinic = clinic();
        Member patient = member();
        Slot slot = slotInDays(clinic, 4, 10);
        Appointment appointment = book(patient, slot, clinic);
        assertThat(appointment.status()).isEqualTo(AppointmentStatus.BOOKED);
        assertThat(appointment.patientId()).isEqualTo(patient.patient());
        assertThat(appointment.slotId()).isEqualTo(slot.id());
        assertThat(appointment.start()).isEqualTo(slot.start());
        assertThat(appointment.end()).isEqualTo(slot.end());
        assertThat(appointment.visitTypeId()).isEqualTo(clinic.visitType().id());
        assertThat(appointment.bookedAt()).isEqualTo(clock.instant());
        assertThat(stored(slot).status()).isEqualTo(SlotStatus.BOOKED);
        assertThat(stored(slot).appointmentId()).isEqualTo(appointment.id());
        assertThat(appointmentsOf(patient.patient())).containsExactly(stored(appointment));
    }

    @Test
    @DisplayName("SC-3 a booked slot is not booked again: the second patient gets a ConflictException and nothing changes")
    void slotBookedOnce() {
        Clinic clinic = clinic();
        Member first = member();
        Member second = member();
        Slot slot = slotInDays(clinic, 4, 10);
        book(first, slot, clinic);
        Snapshot before = snapshot(clinic.provider(), first.patient(), second.patient());
        refusedUnchanged(ConflictException.class, before, clinic.provider(),
                new PatientId[] {first.patient(), second.patient()}, () -> book(second, slot, clinic));
    }

    @Test
    @DisplayName("SC-3 lead time to the minute: bookable exactly 2 h before the start, refused (too_late) 1 minute later")
    void leadTimeToTheMinute() {
        Clinic clinic = clinic();
        Member patient = member();
        Slot early = slotInDays(clinic, 2, 10);
        Slot late = slotInDays(clinic, 2, 11);

        clock.set(early.start().minus(Duration.ofHours(2)));
        assertThat(book(patient, early, clinic).status()).isEqualTo(AppointmentStatus.BOOKED);

        clock.set(late.start().minus(Duration.ofHours(2)).plusSeconds(60));
        Snapshot before = snapshot(clinic.provider(), patient.patient());
        RuleViolationException e = refusedUnchanged(RuleViolationException.class, before, clinic.provider(),
                new PatientId[] {patient.patient()}, () -> book(patient, late, clinic));
        assertThat(e.reason()).isEqualTo("too_late");
        assertThat(stored(late).status()).isEqualTo(SlotStatus.OPEN);
    }

    @Test
    @DisplayName("SC-3 a past slot (or one that has started) is refused with too_late")
    void pastSlotNotBookable() {
        Clinic clinic = clinic();
        Member patient = member();
        Slot slot = slotInDays(clinic, 1, 10);
        for (Instant now : List.of(slot.start(), slot.start().plusSeconds(60), slot.end().plus(Duration.ofDays(3)))) {
            clock.set(now);
            Snapshot before = snapshot(clinic.provider(), patient.patient());
            assertThat(refusedUnchanged(RuleViolationException.class, before, clinic.provider(),
                    new PatientId[] {patient.patient()}, () -> book(patient, slot, clinic)).reason())
                    .isEqualTo("too_late");
        }
    }

    @Test
    @DisplayName("SC-3 the patient may not hold two overlapping appointments: refused, and the second slot stays open")
    void noOverlappingAppointments() {
        Clinic clinic = clinic();
        Clinic other = clinic();
        Clinic third = clinic();
        Member patient = member();
        Slot mine = slot(clinic, LocalDateTime.of(2026, 3, 20, 10, 0));
        Slot overlapping = slot(other, LocalDateTime.of(2026, 3, 20, 10, 15), Set.of(clinic.visitType().id()));
        Slot adjacent = slot(third, LocalDateTime.of(2026, 3, 20, 10, 30), Set.of(clinic.visitType().id()));
        book(patient, mine, clinic);
        Snapshot before = snapshot(other.provider(), patient.patient());
        assertThat(refusedUnchanged(RuleViolationException.class, before, other.provider(),
                new PatientId[] {patient.patient()}, () -> book(patient, overlapping, clinic)).reason())
                .isEqualTo("overlapping_appointment");
        assertThat(stored(overlapping).status()).isEqualTo(SlotStatus.OPEN);
        assertThat(book(patient, adjacent, clinic).status()).isEqualTo(AppointmentStatus.BOOKED);
    }

    @Test
    @DisplayName("SC-3 a visit type the slot does not allow is refused (visit_type_not_allowed), nothing changed")
    void visitTypeNotAllowed() {
        Clinic clinic = clinic();
        VisitTypeView other = visitType(true, PatientEligibility.ANY);
        Member patient = member();
        Slot slot = slotInDays(clinic, 3, 9);
        Snapshot before = snapshot(clinic.provider(), patient.patient());
        assertThat(refusedUnchanged(RuleViolationException.class, before, clinic.provider(),
                new PatientId[] {patient.patient()}, () -> book(patient, slot, other.id())).reason())
                .isEqualTo("visit_type_not_allowed");
    }

    @Test
    @DisplayName("SC-1/SC-3 eligibility: a NEW-patient visit only before the first completed visit, an ESTABLISHED one only after")
    void eligibility() {
        Clinic clinic = clinic();
        VisitTypeView newOnly = visitType(true, PatientEligibility.NEW);
        VisitTypeView establishedOnly = visitType(true, PatientEligibility.ESTABLISHED);
        Member patient = member();
        Set<VisitTypeId> both = Set.of(newOnly.id(), establishedOnly.id());
        Slot first = slot(clinic, LocalDateTime.of(2026, 3, 10, 9, 0), both);
        Slot later = slot(clinic, LocalDateTime.of(2026, 4, 10, 9, 0), both);
        Slot later2 = slot(clinic, LocalDateTime.of(2026, 4, 10, 10, 0), both);

        assertThat(refused(RuleViolationException.class, () -> book(patient, first, establishedOnly.id())).reason())
                .isEqualTo("not_eligible");
        Appointment visit = book(patient, first, newOnly.id());
        clock.set(first.start().plusSeconds(600));
        row(scheduling().markCompleted(DESK, patient.patient(), visit.id()));

        assertThat(refused(RuleViolationException.class, () -> book(patient, later, newOnly.id())).reason())
                .isEqualTo("not_eligible");
        assertThat(book(patient, later2, establishedOnly.id()).status()).isEqualTo(AppointmentStatus.BOOKED);
    }

    // ---------------------------------------------------------------- SC-4

    @Test
    @DisplayName("SC-4 cancel at exactly 24 h before the start is allowed: the slot is open again and another patient books it")
    void cancelAtTheCutoff() {
        Clinic clinic = clinic();
        Member patient = member();
        Member next = member();
        Slot slot = slotInDays(clinic, 6, 10);
        Appointment appointment = book(patient, slot, clinic);

        clock.set(slot.start().minus(Duration.ofHours(24)));
        Appointment cancelled = row(scheduling().cancel(patient.actor(), patient.patient(),
                new CancelAppointment(appointment.id(), null)));
        assertThat(cancelled.status()).isEqualTo(AppointmentStatus.CANCELLED);
        assertThat(cancelled.closedAt()).isEqualTo(clock.instant());
        assertThat(stored(appointment).status()).isEqualTo(AppointmentStatus.CANCELLED);
        assertThat(stored(slot).status()).isEqualTo(SlotStatus.OPEN);
        assertThat(book(next, slot, clinic).status()).isEqualTo(AppointmentStatus.BOOKED);
    }

    @Test
    @DisplayName("SC-4 cancel one minute inside the cutoff is refused (inside_cutoff) with a reason that tells to call the office; staff still may")
    void cancelInsideTheCutoff() {
        Clinic clinic = clinic();
        Member patient = member();
        Slot slot = slotInDays(clinic, 6, 10);
        Appointment appointment = book(patient, slot, clinic);

        clock.set(slot.start().minus(Duration.ofHours(24)).plusSeconds(60));
        Snapshot before = snapshot(clinic.provider(), patient.patient());
        RuleViolationException e = refusedUnchanged(RuleViolationException.class, before, clinic.provider(),
                new PatientId[] {patient.patient()}, () -> row(scheduling().cancel(patient.actor(), patient.patient(),
                        new CancelAppointment(appointment.id(), null))));
        assertThat(e.reason()).isEqualTo("inside_cutoff");
        assertThat(e.getMessage()).containsIgnoringCase("call").containsIgnoringCase("office");
        assertThat(stored(slot).status()).isEqualTo(SlotStatus.BOOKED);

        assertThat(row(scheduling().cancel(DESK, patient.patient(), new CancelAppointment(appointment.id(), null))).status())
                .isEqualTo(AppointmentStatus.CANCELLED);
        assertThat(stored(slot).status()).isEqualTo(SlotStatus.OPEN);
    }

    @Test
    @DisplayName("SC-4 a cancelled appointment is not cancelled again (not_booked)")
    void cancelTwice() {
        Clinic clinic = clinic();
        Member patient = member();
        Appointment appointment = book(patient, slotInDays(clinic, 6, 10), clinic);
        row(scheduling().cancel(patient.actor(), patient.patient(), new CancelAppointment(appointment.id(), null)));
        assertThat(refused(RuleViolationException.class, () -> row(scheduling().cancel(patient.actor(), patient.patient(),
                new CancelAppointment(appointment.id(), null)))).reason()).isEqualTo("not_booked");
    }

    @Test
    @DisplayName("SC-4 reschedule moves to the new slot atomically: old RESCHEDULED and its slot open, new BOOKED")
    void reschedule() {
        Clinic clinic = clinic();
        Member patient = member();
        Slot oldSlot = slotInDays(clinic, 6, 10);
        Slot newSlot = slotInDays(clinic, 8, 14);
        Appointment old = book(patient, oldSlot, clinic);

        Appointment moved = row(scheduling().reschedule(patient.actor(), patient.patient(),
                new Reschedule(old.id(), newSlot.id(), null)));
        assertThat(moved.id()).isNotEqualTo(old.id());
        assertThat(moved.status()).isEqualTo(AppointmentStatus.BOOKED);
        assertThat(moved.slotId()).isEqualTo(newSlot.id());
        assertThat(moved.visitTypeId()).isEqualTo(old.visitTypeId());
        assertThat(stored(old).status()).isEqualTo(AppointmentStatus.RESCHEDULED);
        assertThat(stored(oldSlot).status()).isEqualTo(SlotStatus.OPEN);
        assertThat(stored(newSlot).status()).isEqualTo(SlotStatus.BOOKED);
        assertThat(stored(newSlot).appointmentId()).isEqualTo(moved.id());
    }

    @Test
    @DisplayName("SC-4 reschedule into a taken slot: ConflictException, the old appointment and its slot are kept, nothing changed")
    void rescheduleIntoTakenSlot() {
        Clinic clinic = clinic();
        Member patient = member();
        Member other = member();
        Slot oldSlot = slotInDays(clinic, 6, 10);
        Slot taken = slotInDays(clinic, 5, 10);
        Appointment old = book(patient, oldSlot, clinic);
        book(other, taken, clinic);
        Snapshot before = snapshot(clinic.provider(), patient.patient(), other.patient());
        refusedUnchanged(ConflictException.class, before, clinic.provider(),
                new PatientId[] {patient.patient(), other.patient()}, () -> row(scheduling().reschedule(patient.actor(),
                        patient.patient(), new Reschedule(old.id(), taken.id(), null))));
        assertThat(stored(old).status()).isEqualTo(AppointmentStatus.BOOKED);
        assertThat(stored(oldSlot).appointmentId()).isEqualTo(old.id());
    }

    @Test
    @DisplayName("SC-4 the cutoff applies to the appointment being moved: one minute inside it, reschedule is refused")
    void rescheduleInsideCutoff() {
        Clinic clinic = clinic();
        Member patient = member();
        Slot oldSlot = slotInDays(clinic, 6, 10);
        Slot newSlot = slotInDays(clinic, 9, 10);
        Appointment old = book(patient, oldSlot, clinic);
        clock.set(oldSlot.start().minus(Duration.ofHours(24)).plusSeconds(60));
        Snapshot before = snapshot(clinic.provider(), patient.patient());
        assertThat(refusedUnchanged(RuleViolationException.class, before, clinic.provider(),
                new PatientId[] {patient.patient()}, () -> row(scheduling().reschedule(patient.actor(), patient.patient(),
                        new Reschedule(old.id(), newSlot.id(), null)))).reason()).isEqualTo("inside_cutoff");
    }

    @Test
    @DisplayName("SC-3/SC-4 lead time and cutoff are configurable: with 30 minutes and 48 hours they hold to the minute")
    void configurablePolicy() {
        Clinic clinic = clinic();
        Member patient = member();
        Slot soon = slotInDays(clinic, 1, 9);
        Slot later = slotInDays(clinic, 4, 9);
        Portal custom = TestPortals.builder(storage, clock, sender)
                .schedulingPolicy(SchedulingPolicy.defaults().withLeadTime(Duration.ofMinutes(30))
                        .withCancelCutoff(Duration.ofHours(48))).build();
        Appointment appointment = row(custom.scheduling().book(patient.actor(), patient.patient(),
                new BookAppointment(later.id(), clinic.visitType().id(), null)));
        clock.set(soon.start().minus(Duration.ofMinutes(29)));
        assertThat(refused(RuleViolationException.class, () -> row(custom.scheduling().book(patient.actor(),
                patient.patient(), new BookAppointment(soon.id(), clinic.visitType().id(), null)))).reason())
                .isEqualTo("too_late");
        clock.set(soon.start().minus(Duration.ofMinutes(30)));
        assertThat(row(custom.scheduling().book(patient.actor(), patient.patient(),
                new BookAppointment(soon.id(), clinic.visitType().id(), null))).status()).isEqualTo(AppointmentStatus.BOOKED);

        clock.set(later.start().minus(Duration.ofHours(48)).plusSeconds(60));
        assertThat(refused(RuleViolationException.class, () -> row(custom.scheduling().cancel(patient.actor(),
                patient.patient(), new CancelAppointment(appointment.id(), null)))).reason()).isEqualTo("inside_cutoff");
        clock.set(later.start().minus(Duration.ofHours(48)));
        assertThat(row(custom.scheduling().cancel(patient.actor(), patient.patient(),
                new CancelAppointment(appointment.id(), null))).status()).isEqualTo(AppointmentStatus.CANCELLED);
    }

    @Test
    @DisplayName("SC-4 reschedule to a slot of another provider overlapping the old time is fine: the old one no longer counts")
    void rescheduleOverlappingOwnOldTime() {
        Clinic clinic = clinic();
        Clinic other = clinic();
        Member patient = member();
        Slot oldSlot = slot(clinic, LocalDateTime.of(2026, 3, 20, 10, 0));
        Slot overlapping = slot(other, LocalDateTime.of(2026, 3, 20, 10, 15), Set.of(clinic.visitType().id()));
        Appointment old = book(patient, oldSlot, clinic);
        Appointment moved = row(scheduling().reschedule(patient.actor(), patient.patient(),
                new Reschedule(old.id(), overlapping.id(), null)));
        assertThat(moved.slotId()).isEqualTo(overlapping.id());
        assertThat(stored(old).status()).isEqualTo(AppointmentStatus.RESCHEDULED);
        assertThat(stored(oldSlot).status()).isEqualTo(SlotStatus.OPEN);
    }

    @Test
    @DisplayName("SC-4 a moved or cancelled appointment is not moved again (not_booked); reschedule into the slot it holds is refused (same_slot)")
    void rescheduleOnlyBooked() {
        Clinic clinic = clinic();
        Member patient = member();
        Slot oldSlot = slotInDays(clinic, 6, 10);
        Slot newSlot = slotInDays(clinic, 7, 10);
        Slot third = slotInDays(clinic, 8, 10);
        Appointment old = book(patient, oldSlot, clinic);
        Appointment moved = row(scheduling().reschedule(patient.actor(), patient.patient(),
                new Reschedule(old.id(), newSlot.id(), null)));
        assertThat(refused(RuleViolationException.class, () -> row(scheduling().reschedule(patient.actor(),
                patient.patient(), new Reschedule(old.id(), third.id(), null)))).reason()).isEqualTo("not_booked");
        Snapshot before = snapshot(clinic.provider(), patient.patient());
        RuleViolationException e = refused(RuleViolationException.class, () -> row(scheduling().reschedule(
                patient.actor(), patient.patient(), new Reschedule(moved.id(), newSlot.id(), null))));
        assertThat(e.reason()).isEqualTo("same_slot");
        assertThat(snapshot(clinic.provider(), patient.patient())).isEqualTo(before);
        assertThat(stored(moved).status()).isEqualTo(AppointmentStatus.BOOKED);
    }

    @Test
    @DisplayName("SC-1 a template starting today skips the starts that are not in the future (now included)")
    void templateSkipsPastStarts() {
        Clinic clinic = clinic();
        // the clock is 2026-03-02T09:00Z, 04:00 in New York (a Monday)
        List<Slot> slots = rows(scheduling().openSlotsFromTemplate(DESK, new WeeklyTemplate(clinic.provider().id(),
                clinic.department().id(), Set.of(DayOfWeek.MONDAY), LocalTime.of(3, 0), LocalTime.of(6, 0), HALF_HOUR,
                Set.of(clinic.visitType().id()), LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 9))));
        assertThat(slots).extracting(s -> s.start().atZone(NEW_YORK).toLocalDateTime()).containsExactly(
                LocalDateTime.of(2026, 3, 2, 4, 30), LocalDateTime.of(2026, 3, 2, 5, 0),
                LocalDateTime.of(2026, 3, 2, 5, 30), LocalDateTime.of(2026, 3, 9, 3, 0),
                LocalDateTime.of(2026, 3, 9, 3, 30), LocalDateTime.of(2026, 3, 9, 4, 0),
                LocalDateTime.of(2026, 3, 9, 4, 30), LocalDateTime.of(2026, 3, 9, 5, 0),
                LocalDateTime.of(2026, 3, 9, 5, 30));
    }

    // ---------------------------------------------------------------- request-only visit types

    @Test
    @DisplayName("SC-1 a request-only visit type is not booked (request_only): the patient requests it, staff schedule it")
    void requestOnlyScheduled() {
        Clinic clinic = clinic();
        VisitTypeView procedure = visitType(false, PatientEligibility.ANY);
        Member patient = member();
        Slot slot = slot(clinic, LocalDateTime.of(2026, 3, 18, 9, 0), Set.of(procedure.id()));
        Snapshot before = snapshot(clinic.provider(), patient.patient());
        assertThat(refusedUnchanged(RuleViolationException.class, before, clinic.provider(),
                new PatientId[] {patient.patient()}, () -> book(patient, slot, procedure.id())).reason())
                .isEqualTo("request_only");

        AppointmentRequestView request = scheduling().requestAppointment(patient.actor(), patient.patient(),
                new RequestAppointment(procedure.id(), clinic.provider().id(), clinic.department().id(),
                        LocalDate.of(2026, 3, 10), LocalDate.of(2026, 3, 31)));
        assertThat(request.status()).isEqualTo(RequestStatus.OPEN);
        assertThat(request.patientId()).isEqualTo(patient.patient());
        assertThat(openRequestIds()).contains(request.id());

        Appointment appointment = row(scheduling().scheduleRequest(DESK, patient.patient(), request.id(), slot.id()));
        assertThat(appointment.status()).isEqualTo(AppointmentStatus.BOOKED);
        assertThat(appointment.visitTypeId()).isEqualTo(procedure.id());
        assertThat(stored(slot).status()).isEqualTo(SlotStatus.BOOKED);
        AppointmentRequest decided = storage.inTransaction(tx -> tx.appointmentRequests().find(request.id()))
                .orElseThrow();
        assertThat(decided.status()).isEqualTo(RequestStatus.SCHEDULED);
        assertThat(decided.appointmentId()).isEqualTo(appointment.id());
        assertThat(openRequestIds()).doesNotContain(request.id());
        assertThat(dispatchTo(patient)).extracting(Notification::kind)
                .containsExactly(NotificationKinds.APPOINTMENT_BOOKED);
    }

    @Test
    @DisplayName("SC-1 staff decline a request with a reason (the patient is told, without PHI); a self-schedulable visit type is booked, not requested")
    void requestDeclined() {
        Clinic clinic = clinic();
        VisitTypeView procedure = visitType(false, PatientEligibility.ANY);
        Member patient = member();
        AppointmentRequestView request = scheduling().requestAppointment(patient.actor(), patient.patient(),
                new RequestAppointment(procedure.id(), null, null, LocalDate.of(2026, 3, 10), LocalDate.of(2026, 3, 20)));
        AppointmentRequestView declined = scheduling().declineRequest(DESK, patient.patient(), request.id(), "no_availability");
        assertThat(declined.status()).isEqualTo(RequestStatus.DECLINED);
        assertThat(declined.declineReason()).isEqualTo("no_availability");
        List<Notification> sent = dispatchTo(patient);
        assertThat(sent).extracting(Notification::kind)
                .containsExactly(NotificationKinds.APPOINTMENT_REQUEST_DECLINED);
        assertThat(sent.get(0).body()).doesNotContain(procedure.name(), "no_availability");
        assertThat(refused(RuleViolationException.class,
                () -> scheduling().declineRequest(DESK, patient.patient(), request.id(), "no_availability")).reason())
                .isEqualTo("not_open");
        assertThat(refused(RuleViolationException.class, () -> scheduling().requestAppointment(patient.actor(),
                patient.patient(), new RequestAppointment(clinic.visitType().id(), null, null, LocalDate.of(2026, 3, 10),
                        LocalDate.of(2026, 3, 20)))).reason()).isEqualTo("self_schedulable");
    }

    // ---------------------------------------------------------------- helpers

    List<SlotView> find(Member patient, Clinic clinic, int fromDays, int toDays) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), clinic.zone());
        return scheduling().findOpenSlots(patient.actor(), patient.patient(), new FindSlots(clinic.visitType().id(),
                clinic.provider().id(), clinic.department().id(), today.plusDays(fromDays), today.plusDays(toDays)), new PageRequest(null, 100)).items();
    }

    List<SlotId> findOn(Member patient, Clinic clinic, LocalDate from, LocalDate to) {
        return scheduling().findOpenSlots(patient.actor(), patient.patient(), new FindSlots(clinic.visitType().id(),
                clinic.provider().id(), clinic.department().id(), from, to), new PageRequest(null, 100)).items().stream()
                .map(SlotView::slotId).toList();
    }

    Set<AppointmentRequestId> openRequestIds() {
        Set<AppointmentRequestId> out = new HashSet<>();
        PageRequest request = PageRequest.first(100);
        while (true) {
            Page<AppointmentRequestView> page = scheduling().openRequests(DESK, request);
            page.items().forEach(r -> out.add(r.id()));
            if (!page.hasNext()) {
                return out;
            }
            request = page.nextRequest(100);
        }
    }
}
