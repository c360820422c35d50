package org.patientportal.core.scheduling;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.patientportal.core.Page;
import org.patientportal.core.PageRequest;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.InvalidRequestException;
import org.patientportal.core.NotFoundException;
import org.patientportal.core.Portal;
import org.patientportal.core.PortalException;
import org.patientportal.core.RuleViolationException;
import org.patientportal.core.testing.OnEveryStorage;
import org.patientportal.core.testing.TestPortals;
import org.patientportal.model.Appointment;
import org.patientportal.model.AppointmentId;
import org.patientportal.model.AppointmentRequest;
import org.patientportal.model.DepartmentId;
import org.patientportal.model.PatientEligibility;
import org.patientportal.model.PatientId;
import org.patientportal.model.ProviderId;
import org.patientportal.model.Slot;
import org.patientportal.model.SlotId;
import org.patientportal.model.SlotStatus;
import org.patientportal.model.VisitSummary;
import org.patientportal.model.VisitType;
import org.patientportal.model.VisitTypeId;
import org.patientportal.model.WaitlistEntry;

/**
 * IN-2 for scheduling: unknown or foreign ids, a visit type the slot does not allow, reversed or too
 * wide date ranges, page sizes out of range, bad cursors and keys: each a clear SDK exception, and
 * nothing changed (the provider's slots, the patients' appointments and wait list, the outbox).
 * Run on every adapter.
 */
@OnEveryStorage
@DisplayName("Scheduling bad input changes nothing (IN-2, SC-2)")
class SchedulingBadInputSuite extends SchedulingFixture {

    /** A booked patient and a bystander with a booking of their own, and an open slot. */
    private Clinic clinic;
    private Member patient;
    private Member bystander;
    private Slot open;
    private Appointment mine;
    private Appointment theirs;

    private void world() {
        clinic = clinic();
        patient = member();
        bystander = member();
        open = slotInDays(clinic, 5, 9);
        mine = book(patient, slotInDays(clinic, 5, 10), clinic);
        theirs = book(bystander, slotInDays(clinic, 5, 11), clinic);
    }

    private <E extends PortalException> E unchanged(Class<E> type, Runnable call) {
        Snapshot before = snapshot(clinic.provider(), patient.patient(), bystander.patient());
        return refusedUnchanged(type, before, clinic.provider(), new PatientId[] {patient.patient(), bystander.patient()},
                call);
    }

    private static void notFound(PortalException e, String what) {
        assertThat(e.code()).isEqualTo(NotFoundException.CODE);
        assertThat(e.getMessage()).isEqualTo(what + " not found");
    }

    @Test
    @DisplayName("IN-2 book an unknown slot id, or an id of another kind of record: not found, nothing changed")
    void unknownAndForeignSlotIds() {
        world();
        for (SlotId id : List.of(SlotId.newId(), new SlotId(mine.id().value()), new SlotId(clinic.department().id().value()),
                new SlotId(patient.patient().value()))) {
            notFound(unchanged(NotFoundException.class, () -> row(scheduling().book(patient.actor(), patient.patient(),
                    new BookAppointment(id, clinic.visitType().id(), null)))), "slot");
        }
    }

    @Test
    @DisplayName("IN-2 cancel, reschedule or join the wait list with another patient's appointment: not found, theirs untouched")
    void foreignAppointment() {
        world();
        notFound(unchanged(NotFoundException.class, () -> row(scheduling().cancel(patient.actor(), patient.patient(),
                new CancelAppointment(theirs.id(), null)))), "appointment");
        notFound(unchanged(NotFoundException.class, () -> row(scheduling().reschedule(patient.actor(), patient.patient(),
                new Reschedule(theirs.id(), open.id(), null)))), "appointment");
        notFound(unchanged(NotFoundException.class, () -> scheduling().joinWaitlist(patient.actor(), patient.patient(),
                theirs.id())), "appointment");
        notFound(unchanged(NotFoundException.class, () -> row(scheduling().cancel(patient.actor(), patient.patient(),
                new CancelAppointment(AppointmentId.newId(), null)))), "appointment");
        // staff on the wrong patient's record: the same
        notFound(unchanged(NotFoundException.class, () -> row(scheduling().cancel(DESK, patient.patient(),
                new CancelAppointment(theirs.id(), null)))), "appointment");
        assertThat(stored(theirs)).isEqualTo(theirs);
    }

    @Test
    @DisplayName("IN-2 another patient's wait-list entry, request or visit, used on this patient's record: not found, nothing changed")
    void foreignRecords() {
        world();
        VisitTypeView procedure = visitType(false, PatientEligibility.ANY);
        WaitlistEntryView theirEntry = scheduling().joinWaitlist(bystander.actor(),
                bystander.patient(), theirs.id());
        AppointmentRequestView theirRequest = scheduling().requestAppointment(bystander.actor(),
                bystander.patient(), new RequestAppointment(procedure.id(), null, null, LocalDate.of(2026, 3, 10),
                        LocalDate.of(2026, 3, 20)));
        notFound(unchanged(NotFoundException.class, () -> row(scheduling().acceptOffer(patient.actor(), patient.patient(),
                theirEntry.id(), open.id()))), "waitlist entry");
        notFound(unchanged(NotFoundException.class, () -> scheduling().leaveWaitlist(patient.actor(), patient.patient(),
                theirEntry.id())), "waitlist entry");
        notFound(unchanged(NotFoundException.class, () -> row(scheduling().scheduleRequest(DESK, patient.patient(),
                theirRequest.id(), open.id()))), "appointment request");
        notFound(unchanged(NotFoundException.class, () -> scheduling().declineRequest(DESK, patient.patient(),
                theirRequest.id(), "no_availability")), "appointment request");
        clock.set(theirs.end());
        notFound(unchanged(NotFoundException.class, () -> row(scheduling().markCompleted(DESK, patient.patient(),
                theirs.id()))), "appointment");
        notFound(unchanged(NotFoundException.class, () -> row(scheduling().markNoShow(DESK, patient.patient(),
                theirs.id()))), "appointment");
        row(scheduling().markCompleted(DESK, bystander.patient(), theirs.id()));
        notFound(unchanged(NotFoundException.class, () -> scheduling().recordVisitSummary(CLINICIAN, patient.patient(),
                theirs.id(), new RecordVisitSummary("Rest.", List.of()))), "appointment");
        Optional<VisitSummary> summary =
                storage.inTransaction(tx -> tx.visitSummaries().find(theirs.id()));
        assertThat(summary).isEmpty();
    }

    @Test
    @DisplayName("SC-3/SC-4 reschedule into a slot inside the lead time: too_late, the old appointment kept")
    void rescheduleTooLate() {
        world();
        Slot soon = slot(clinic, LocalDateTime.ofInstant(clock.instant(), NEW_YORK).plusHours(1));
        assertThat(unchanged(RuleViolationException.class, () -> row(scheduling().reschedule(patient.actor(),
                patient.patient(), new Reschedule(mine.id(), soon.id(), null)))).reason()).isEqualTo("too_late");
    }

    @Test
    @DisplayName("IN-2 reschedule to an unknown slot: not found, and the old appointment is kept")
    void rescheduleToUnknownSlot() {
        world();
        notFound(unchanged(NotFoundException.class, () -> row(scheduling().reschedule(patient.actor(), patient.patient(),
                new Reschedule(mine.id(), SlotId.newId(), null)))), "slot");
    }

    @Test
    @DisplayName("IN-2 a visit type the slot does not allow (book or reschedule): visit_type_not_allowed, nothing changed")
    void visitTypeTheSlotDoesNotAllow() {
        world();
        VisitTypeView other = visitType(true, PatientEligibility.ANY);
        Slot otherTypeSlot = slot(clinic, LocalDate.ofInstant(clock.instant(), NEW_YORK).plusDays(6).atTime(9, 0),
                Set.of(other.id()));
        assertThat(unchanged(RuleViolationException.class, () -> row(scheduling().book(patient.actor(), patient.patient(),
                new BookAppointment(open.id(), other.id(), null)))).reason()).isEqualTo("visit_type_not_allowed");
        assertThat(unchanged(RuleViolationException.class, () -> row(scheduling().reschedule(patient.actor(),
                patient.patient(), new Reschedule(mine.id(), otherTypeSlot.id(), null)))).reason())
                .isEqualTo("visit_type_not_allowed");
        assertThat(stored(otherTypeSlot).status()).isEqualTo(SlotStatus.OPEN);
    }

    @Test
    @DisplayName("IN-2 missing fields, an over-long or control-character idempotency key: all violations at once, nothing changed")
    void invalidCommands() {
        world();
        InvalidRequestException e = unchanged(InvalidRequestException.class, () -> row(scheduling().book(patient.actor(),
                patient.patient(), new BookAppointment(null, null, "x".repeat(256)))));
        assertThat(e.violations()).extracting(InvalidRequestException.Violation::path)
                .contains("slotId", "visitTypeId", "idempotencyKey");
        unchanged(InvalidRequestException.class, () -> row(scheduling().book(patient.actor(), patient.patient(),
                new BookAppointment(open.id(), clinic.visitType().id(), "bad\nkey"))));
        unchanged(InvalidRequestException.class, () -> row(scheduling().book(patient.actor(), patient.patient(), null)));
        unchanged(InvalidRequestException.class, () -> row(scheduling().cancel(patient.actor(), patient.patient(),
                new CancelAppointment(null, null))));
        unchanged(InvalidRequestException.class, () -> row(scheduling().reschedule(patient.actor(), patient.patient(),
                new Reschedule(mine.id(), null, ""))));
        assertThat(row(scheduling().book(patient.actor(), patient.patient(),
                new BookAppointment(open.id(), clinic.visitType().id(), "x".repeat(255)))).slotId()).isEqualTo(open.id());
    }

    @Test
    @DisplayName("SC-2 a range with its end before its start, or wider than 90 days, is refused; exactly 90 days is fine")
    void searchRange() {
        world();
        LocalDate from = LocalDate.of(2026, 3, 3);
        assertThat(rangePaths(unchanged(InvalidRequestException.class, () -> search(from, from.minusDays(1), 10))))
                .isNotEmpty();
        unchanged(InvalidRequestException.class, () -> search(from, from.plusDays(90), 10));
        assertThat(search(from, from.plusDays(89), 10).items()).extracting(SlotView::slotId).contains(open.id());
        assertThat(search(from, from, 10).items()).isEmpty();
    }

    @Test
    @DisplayName("SC-2 the maximum range is configurable: with 7 days, 8 days are refused")
    void configurableRange() {
        world();
        Portal narrow = TestPortals.builder(storage, clock, sender)
                .schedulingPolicy(SchedulingPolicy.defaults().withMaxSearchRange(Duration.ofDays(7))).build();
        LocalDate from = LocalDate.of(2026, 3, 3);
        unchanged(InvalidRequestException.class, () -> narrow.scheduling().findOpenSlots(patient.actor(),
                patient.patient(), new FindSlots(clinic.visitType().id(), null, null, from, from.plusDays(7)), new PageRequest(null, 10)));
        assertThat(narrow.scheduling().findOpenSlots(patient.actor(), patient.patient(), new FindSlots(clinic.visitType().id(), null, null, from, from.plusDays(6)), new PageRequest(null, 10)).items())
                .extracting(SlotView::slotId).contains(open.id());
    }

    @Test
    @DisplayName("SC-2/SC-5 page sizes 0 and 10,000 are refused on page.size for slots, upcoming and past (and staff's open requests); 1 and 100 are fine")
    void pageSizes() {
        world();
        LocalDate from = LocalDate.of(2026, 3, 3);
        for (int size : new int[] {0, -1, 101, 10_000}) {
            Consumer<InvalidRequestException> onPageSize = e -> assertThat(e.violations())
                    .extracting(InvalidRequestException.Violation::path).contains("page.size");
            onPageSize.accept(unchanged(InvalidRequestException.class, () -> search(from, from.plusDays(10), size)));
            onPageSize.accept(unchanged(InvalidRequestException.class,
                    () -> scheduling().upcoming(patient.actor(), patient.patient(), new PageRequest(null, size))));
            onPageSize.accept(unchanged(InvalidRequestException.class,
                    () -> scheduling().past(patient.actor(), patient.patient(), new PageRequest(null, size))));
        }
        for (int limit : new int[] {0, 10_000}) {
            unchanged(InvalidRequestException.class, () -> scheduling().openRequests(DESK, new PageRequest(null, limit)));
        }
        assertThat(search(from, from.plusDays(10), 1).items()).hasSize(1);
        assertThat(scheduling().upcoming(patient.actor(), patient.patient(), new PageRequest(null, 100)).items()).hasSize(1);
        assertThat(scheduling().upcoming(patient.actor(), patient.patient(), new PageRequest(null, 1)).items()).hasSize(1);
    }

    @Test
    @DisplayName("IN-2 a forged or foreign cursor is refused as an invalid request, never a foreign exception")
    void badCursors() {
        world();
        LocalDate from = LocalDate.of(2026, 3, 3);
        for (String cursor : List.of("", "garbage", "!!!", "AAAA", "x".repeat(5000))) {
            unchanged(InvalidRequestException.class, () -> scheduling().findOpenSlots(patient.actor(), patient.patient(), new FindSlots(clinic.visitType().id(), null, null, from, from.plusDays(10)), new PageRequest(cursor, 10)));
            unchanged(InvalidRequestException.class,
                    () -> scheduling().upcoming(patient.actor(), patient.patient(), new PageRequest(cursor, 10)));
            unchanged(InvalidRequestException.class,
                    () -> scheduling().past(patient.actor(), patient.patient(), new PageRequest(cursor, 10)));
        }
        // well-formed but crafted: an instant out of range, too many fields, another list's cursor, a future version
        for (String raw : List.of("p1|scheduling.upcoming|999999999999.0|" + UUID.randomUUID(),
                "p1|scheduling.upcoming|-999999999999.0|" + UUID.randomUUID(),
                "p1|scheduling.upcoming|1.999999999|" + UUID.randomUUID() + "|x",
                "p1|scheduling.past|1.0|" + UUID.randomUUID(),
                "p2|scheduling.upcoming|1.0|" + UUID.randomUUID())) {
            String crafted = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
            InvalidRequestException e = unchanged(InvalidRequestException.class,
                    () -> scheduling().upcoming(patient.actor(), patient.patient(), new PageRequest(crafted, 10)));
            assertThat(e.violations()).extracting(InvalidRequestException.Violation::path)
                    .as(raw).containsExactly("page.cursor");
        }
    }

    @Test
    @DisplayName("SC-1 staff input: unknown provider, department or visit type is not found; a zero or odd length is invalid")
    void staffInput() {
        world();
        LocalDate day = LocalDate.ofInstant(clock.instant(), NEW_YORK).plusDays(9);
        unchanged(NotFoundException.class, () -> row(scheduling().openSlot(DESK, new OpenSlot(
                ProviderId.newId(), clinic.department().id(), day.atTime(9, 0), HALF_HOUR,
                Set.of(clinic.visitType().id())))));
        unchanged(NotFoundException.class, () -> row(scheduling().openSlot(DESK, new OpenSlot(clinic.provider().id(),
                DepartmentId.newId(), day.atTime(9, 0), HALF_HOUR,
                Set.of(clinic.visitType().id())))));
        unchanged(NotFoundException.class, () -> row(scheduling().openSlot(DESK, new OpenSlot(clinic.provider().id(),
                clinic.department().id(), day.atTime(9, 0), HALF_HOUR,
                Set.of(VisitTypeId.newId())))));
        for (Duration length : List.of(Duration.ZERO, Duration.ofSeconds(90), Duration.ofHours(25),
                Duration.ofMinutes(-30))) {
            unchanged(InvalidRequestException.class, () -> row(scheduling().openSlot(DESK, new OpenSlot(
                    clinic.provider().id(), clinic.department().id(), day.atTime(9, 0), length,
                    Set.of(clinic.visitType().id())))));
        }
        unchanged(InvalidRequestException.class, () -> row(scheduling().openSlot(DESK, new OpenSlot(clinic.provider().id(),
                clinic.department().id(), day.atTime(9, 0), HALF_HOUR, Set.of()))));
        unchanged(InvalidRequestException.class, () -> rows(scheduling().openSlotsFromTemplate(DESK, new WeeklyTemplate(
                clinic.provider().id(), clinic.department().id(), Set.of(DayOfWeek.MONDAY),
                LocalTime.of(9, 0), LocalTime.of(12, 0), HALF_HOUR, Set.of(clinic.visitType().id()),
                day, day.plusDays(367)))));
        unchanged(InvalidRequestException.class, () -> rows(scheduling().openSlotsFromTemplate(DESK, new WeeklyTemplate(
                clinic.provider().id(), clinic.department().id(), Set.of(DayOfWeek.MONDAY),
                LocalTime.of(12, 0), LocalTime.of(9, 0), HALF_HOUR, Set.of(clinic.visitType().id()),
                day, day.plusDays(7)))));
        unchanged(NotFoundException.class, () -> scheduling().closeSlot(DESK, SlotId.newId()));
    }

    private Page<SlotView> search(LocalDate from, LocalDate to, int pageSize) {
        return scheduling().findOpenSlots(patient.actor(), patient.patient(), new FindSlots(clinic.visitType().id(), clinic.provider().id(), clinic.department().id(), from, to), new PageRequest(null, pageSize));
    }

    private static List<String> rangePaths(InvalidRequestException e) {
        return e.violations().stream().map(InvalidRequestException.Violation::path)
                .filter(p -> p.contains("to") || p.contains("from")).toList();
    }
}
