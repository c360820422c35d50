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
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.ConflictException;
import org.patientportal.core.InvalidRequestException;
import org.patientportal.core.testing.OnEveryStorage;
import org.patientportal.model.Appointment;
import org.patientportal.model.PatientId;
import org.patientportal.model.Slot;

/**
 * SC-1, SC-2, SC-5 across both daylight-saving changes of 2026 in a New York department: the
 * spring gap (2026-03-08, 02:00 to 03:00 does not exist) and the autumn overlap (2026-11-01, 01:00
 * to 02:00 happens twice). Instants are stored, times are shown in the department's zone, every slot
 * has its real length. Run on every adapter.
 */
@OnEveryStorage
@DisplayName("Scheduling across daylight-saving changes in New York (SC-1, SC-2, SC-5)")
class SchedulingDstSuite extends SchedulingFixture {
    static final ZoneOffset EST = ZoneOffset.ofHours(-5);
    static final ZoneOffset EDT = ZoneOffset.ofHours(-4);

    @Test
    @DisplayName("SC-1 DST gap: a slot at 02:30 on 2026-03-08 in New York does not exist and is refused on localStart; nothing opened")
    void gapRefused() {
        Clinic clinic = clinic();
        Snapshot before = snapshot(clinic.provider());
        InvalidRequestException e = refusedUnchanged(InvalidRequestException.class, before, clinic.provider(),
                new PatientId[0], () -> slot(clinic, LocalDateTime.of(2026, 3, 8, 2, 30)));
        assertThat(e.violations()).extracting(InvalidRequestException.Violation::path).containsExactly("localStart");
        assertThat(e.violations().get(0).message()).contains("gap");
        refused(InvalidRequestException.class, () -> slot(clinic, LocalDateTime.of(2026, 3, 8, 2, 0)));
        assertThat(slotsOf(clinic.provider())).isEmpty();
    }

    @Test
    @DisplayName("SC-1 DST gap: a 60-minute slot from 01:30 EST ends at 03:30 EDT, one real hour later")
    void slotAcrossTheGap() {
        Clinic clinic = clinic();
        Slot slot = row(scheduling().openSlot(DESK, new OpenSlot(clinic.provider().id(), clinic.department().id(),
                LocalDateTime.of(2026, 3, 8, 1, 30), Duration.ofHours(1), Set.of(clinic.visitType().id()))));
        assertThat(slot.start()).isEqualTo(Instant.parse("2026-03-08T06:30:00Z"));
        assertThat(slot.end()).isEqualTo(Instant.parse("2026-03-08T07:30:00Z"));
        assertThat(slot.end().atZone(NEW_YORK).toLocalTime()).isEqualTo(LocalTime.of(3, 30));
        Member patient = member();
        SlotView view = onlySlotOn(patient, clinic, LocalDate.of(2026, 3, 8));
        assertThat(view.start().toOffsetDateTime()).hasToString("2026-03-08T01:30-05:00");
        assertThat(view.end().toOffsetDateTime()).hasToString("2026-03-08T03:30-04:00");
        assertThat(view.start().getZone()).isEqualTo(NEW_YORK);
    }

    @Test
    @DisplayName("SC-1 DST gap: a template over 2026-03-08 01:00-04:00 skips 02:00 and 02:30; the others are 30 real minutes each")
    void templateSkipsTheGap() {
        Clinic clinic = clinic();
        List<Slot> slots = rows(scheduling().openSlotsFromTemplate(DESK, new WeeklyTemplate(clinic.provider().id(),
                clinic.department().id(), Set.of(DayOfWeek.SUNDAY), LocalTime.of(1, 0), LocalTime.of(4, 0), HALF_HOUR,
                Set.of(clinic.visitType().id()), LocalDate.of(2026, 3, 8), LocalDate.of(2026, 3, 8))));
        assertThat(slots).extracting(Slot::start).containsExactly(
                Instant.parse("2026-03-08T06:00:00Z"), Instant.parse("2026-03-08T06:30:00Z"),
                Instant.parse("2026-03-08T07:00:00Z"), Instant.parse("2026-03-08T07:30:00Z"));
        assertThat(slots).allSatisfy(s -> assertThat(Duration.between(s.start(), s.end())).isEqualTo(HALF_HOUR));
        assertThat(slots).extracting(s -> s.start().atZone(NEW_YORK).toLocalTime())
                .containsExactly(LocalTime.of(1, 0), LocalTime.of(1, 30), LocalTime.of(3, 0), LocalTime.of(3, 30));
        assertThat(slotsOf(clinic.provider())).hasSize(4);
    }

    @Test
    @DisplayName("SC-1 DST overlap: 01:30 on 2026-11-01 in New York is the earlier instant (EDT); opening it twice is one slot")
    void overlapEarlierOffset() {
        Clinic clinic = clinic();
        Slot slot = slot(clinic, LocalDateTime.of(2026, 11, 1, 1, 30));
        assertThat(slot.start()).isEqualTo(Instant.parse("2026-11-01T05:30:00Z"));
        assertThat(slot.end()).isEqualTo(Instant.parse("2026-11-01T06:00:00Z"));
        Snapshot before = snapshot(clinic.provider());
        refusedUnchanged(ConflictException.class, before, clinic.provider(), new PatientId[0],
                () -> slot(clinic, LocalDateTime.of(2026, 11, 1, 1, 30)));

        Member patient = member();
        SlotView view = onlySlotOn(patient, clinic, LocalDate.of(2026, 11, 1));
        assertThat(view.start().toOffsetDateTime()).hasToString("2026-11-01T01:30-04:00");
        assertThat(view.end().toOffsetDateTime()).hasToString("2026-11-01T01:00-05:00");
        assertThat(Duration.between(view.start(), view.end())).isEqualTo(HALF_HOUR);
    }

    @Test
    @DisplayName("SC-1 DST overlap: a template over 2026-11-01 00:00-03:00 gives hour slots of one real hour each, 01:00 twice, none overlapping, shown with their offsets")
    void templateAcrossTheOverlap() {
        Clinic clinic = clinic();
        List<Slot> slots = rows(scheduling().openSlotsFromTemplate(DESK, new WeeklyTemplate(clinic.provider().id(),
                clinic.department().id(), Set.of(DayOfWeek.SUNDAY), LocalTime.of(0, 0), LocalTime.of(3, 0),
                Duration.ofHours(1), Set.of(clinic.visitType().id()), LocalDate.of(2026, 11, 1),
                LocalDate.of(2026, 11, 1))));
        assertThat(slots).allSatisfy(s -> assertThat(Duration.between(s.start(), s.end())).isEqualTo(Duration.ofHours(1)));
        for (int i = 1; i < slots.size(); i++) {
            assertThat(slots.get(i).start()).as("no overlap").isAfterOrEqualTo(slots.get(i - 1).end());
        }
        // wall-clock starts 00:00 EDT, 01:00 EDT, 01:00 EST and 02:00 EST
        assertThat(slots).extracting(Slot::start).containsExactly(Instant.parse("2026-11-01T04:00:00Z"),
                Instant.parse("2026-11-01T05:00:00Z"), Instant.parse("2026-11-01T06:00:00Z"),
                Instant.parse("2026-11-01T07:00:00Z"));
        assertThat(slots).extracting(s -> s.start().atZone(NEW_YORK).getOffset()).containsExactly(EDT, EDT, EST, EST);
    }

    @Test
    @DisplayName("SC-1 SC-2 DST overlap: a 24-hour template on 2026-11-01 opens 49 half-hour slots back to back in real time, both 01:00 and both 01:30, and search shows each 01:30 with its offset")
    void allDayTemplateOnTheFallBackNight() {
        Clinic clinic = clinic();
        List<Slot> slots = rows(scheduling().openSlotsFromTemplate(DESK, new WeeklyTemplate(clinic.provider().id(),
                clinic.department().id(), Set.of(DayOfWeek.SUNDAY), LocalTime.MIDNIGHT, LocalTime.of(23, 59),
                HALF_HOUR, Set.of(clinic.visitType().id()), LocalDate.of(2026, 11, 1),
                LocalDate.of(2026, 11, 1))));
        // 00:00 to 23:00 by wall clock is 47 starts (23:30 would end after 23:59); 01:00 and 01:30
        // happen twice: 49 slots, 24.5 real hours without a hole
        assertThat(slots).hasSize(49);
        for (int i = 1; i < slots.size(); i++) {
            assertThat(slots.get(i).start()).as("back to back").isEqualTo(slots.get(i - 1).end());
        }
        assertThat(slots).extracting(s -> s.start().atZone(NEW_YORK).toOffsetDateTime().toString())
                .contains("2026-11-01T01:00-04:00", "2026-11-01T01:30-04:00", "2026-11-01T01:00-05:00",
                        "2026-11-01T01:30-05:00");
        Member patient = member();
        Page<SlotView> page = scheduling().findOpenSlots(patient.actor(), patient.patient(), new FindSlots(
                clinic.visitType().id(), clinic.provider().id(), clinic.department().id(), LocalDate.of(2026, 11, 1),
                LocalDate.of(2026, 11, 1)), new PageRequest(null, 100));
        assertThat(page.items()).filteredOn(v -> v.start().toLocalTime().equals(LocalTime.of(1, 30)))
                .extracting(v -> v.start().toOffsetDateTime().toString())
                .containsExactly("2026-11-01T01:30-04:00", "2026-11-01T01:30-05:00");
    }

    @Test
    @DisplayName("SC-1 DST overlap: the second 01:30 of 2026-11-01 opens with offset -05:00 beside the first; a third is a conflict; an offset the zone does not have then is refused on offset")
    void secondInstanceByOffset() {
        Clinic clinic = clinic();
        LocalDateTime half = LocalDateTime.of(2026, 11, 1, 1, 30);
        Slot first = slot(clinic, half);
        Slot second = row(scheduling().openSlot(DESK, new OpenSlot(clinic.provider().id(), clinic.department().id(),
                half, HALF_HOUR, Set.of(clinic.visitType().id()), EST)));
        assertThat(first.start()).isEqualTo(Instant.parse("2026-11-01T05:30:00Z"));
        assertThat(second.start()).isEqualTo(Instant.parse("2026-11-01T06:30:00Z"));
        Slot explicitFirst = row(scheduling().openSlot(DESK, new OpenSlot(clinic.provider().id(),
                clinic.department().id(), half.minusMinutes(30), HALF_HOUR, Set.of(clinic.visitType().id()), EDT)));
        assertThat(explicitFirst.start()).isEqualTo(Instant.parse("2026-11-01T05:00:00Z"));

        Snapshot before = snapshot(clinic.provider());
        refusedUnchanged(ConflictException.class, before, clinic.provider(), new PatientId[0],
                () -> scheduling().openSlot(DESK, new OpenSlot(clinic.provider().id(), clinic.department().id(),
                        half, HALF_HOUR, Set.of(clinic.visitType().id()), EST)));
        for (OpenSlot wrong : List.of(
                new OpenSlot(clinic.provider().id(), clinic.department().id(), half.plusHours(1), HALF_HOUR,
                        Set.of(clinic.visitType().id()), EDT),
                new OpenSlot(clinic.provider().id(), clinic.department().id(), half, HALF_HOUR,
                        Set.of(clinic.visitType().id()), ZoneOffset.UTC))) {
            InvalidRequestException e = refusedUnchanged(InvalidRequestException.class, before, clinic.provider(),
                    new PatientId[0], () -> scheduling().openSlot(DESK, wrong));
            assertThat(e.violations()).extracting(InvalidRequestException.Violation::path).containsExactly("offset");
        }

        Member patient = member();
        Page<SlotView> page = scheduling().findOpenSlots(patient.actor(), patient.patient(), new FindSlots(
                clinic.visitType().id(), clinic.provider().id(), clinic.department().id(), LocalDate.of(2026, 11, 1),
                LocalDate.of(2026, 11, 1)), new PageRequest(null, 10));
        assertThat(page.items()).extracting(v -> v.start().toOffsetDateTime().toString()).containsExactly(
                "2026-11-01T01:00-04:00", "2026-11-01T01:30-04:00", "2026-11-01T01:30-05:00");
    }

    @Test
    @DisplayName("SC-1 DST overlap: with 40-minute slots the second 01:00 would overlap the first 01:40, so of the repeated times only the second 01:40 opens; no two slots overlap")
    void repeatedTimesNeverOverlap() {
        Clinic clinic = clinic();
        List<Slot> slots = rows(scheduling().openSlotsFromTemplate(DESK, new WeeklyTemplate(clinic.provider().id(),
                clinic.department().id(), Set.of(DayOfWeek.SUNDAY), LocalTime.of(0, 20), LocalTime.of(3, 0),
                Duration.ofMinutes(40), Set.of(clinic.visitType().id()), LocalDate.of(2026, 11, 1),
                LocalDate.of(2026, 11, 1))));
        assertThat(slots).extracting(s -> s.start().atZone(NEW_YORK).toOffsetDateTime().toString()).containsExactly(
                "2026-11-01T00:20-04:00", "2026-11-01T01:00-04:00", "2026-11-01T01:40-04:00",
                "2026-11-01T01:40-05:00", "2026-11-01T02:20-05:00");
        for (int i = 1; i < slots.size(); i++) {
            assertThat(slots.get(i).start()).as("no overlap").isAfterOrEqualTo(slots.get(i - 1).end());
        }
    }

    @Test
    @DisplayName("SC-5 an appointment in the overlap hour is shown at its offset in the department's zone; its reminder is a real day before")
    void appointmentInTheOverlap() {
        Clinic clinic = clinic();
        Member patient = member();
        Slot slot = slot(clinic, LocalDateTime.of(2026, 11, 1, 1, 0));
        Appointment appointment = book(patient, slot, clinic);
        AppointmentView view = scheduling().upcoming(patient.actor(), patient.patient(), new PageRequest(null, 10)).items().get(0);
        assertThat(view.appointmentId()).isEqualTo(appointment.id());
        assertThat(view.start().toOffsetDateTime()).hasToString("2026-11-01T01:00-04:00");
        assertThat(view.end().toOffsetDateTime()).hasToString("2026-11-01T01:30-04:00");
        dispatchTo(patient);
        clock.set(slot.start().minus(Duration.ofDays(7)));
        assertThat(kinds(dispatchTo(patient))).containsExactly(SchedulingVisitsSuite.REMINDER);
        clock.set(slot.start().minus(Duration.ofDays(1)).minusSeconds(1));
        assertThat(dispatchTo(patient)).isEmpty();
        clock.set(slot.start().minus(Duration.ofDays(1)));
        assertThat(kinds(dispatchTo(patient))).containsExactly(SchedulingVisitsSuite.REMINDER);
    }

    SlotView onlySlotOn(Member patient, Clinic clinic, LocalDate day) {
        Page<SlotView> page = scheduling().findOpenSlots(patient.actor(), patient.patient(), new FindSlots(
                clinic.visitType().id(), clinic.provider().id(), clinic.department().id(), day, day), new PageRequest(null, 10));
        assertThat(page.items()).hasSize(1);
        return page.items().get(0);
    }
}
