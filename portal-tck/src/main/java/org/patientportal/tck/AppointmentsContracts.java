package org.patientportal.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.model.AccountId;
import org.patientportal.model.Appointment;
import org.patientportal.model.AppointmentId;
import org.patientportal.model.AppointmentStatus;
import org.patientportal.model.Patient;
import org.patientportal.model.PatientId;
import org.patientportal.model.Slot;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.OptimisticLockException;

/** The {@code Appointments} store (SC-3, SC-4, SC-5). */
abstract class AppointmentsContracts extends KitSupport {
    private Clinic clinic;
    private Patient patient;

    @BeforeEach
    void createParties() {
        clinic = insertClinic();
        patient = insertPatient();
    }

    @Test
    @DisplayName("an appointment round-trips every field, booked and after it left BOOKED (SC-3, SC-5)")
    void roundTrip() {
        Slot slot = insertSlot(clinic, minutes(0), 30);
        Appointment booked = Appointment.book(AppointmentId.newId(), patient.id(), slot, clinic.physical().id(),
                at(-3600), AccountId.newId().toString());
        run(tx -> assertThat(tx.appointments().insertIfNoOverlap(booked)).isTrue());
        check(tx -> assertThat(tx.appointments().find(booked.id())).contains(booked));
        check(tx -> assertThat(tx.appointments().find(AppointmentId.newId())).isEmpty());
        Appointment cancelled = booked.close(AppointmentStatus.CANCELLED, at(60), "staff-front-desk-7", "patient_cancelled");
        Appointment stored = write(tx -> tx.appointments().update(cancelled));
        assertThat(stored).isEqualTo(appointmentVersion(cancelled, 1));
        check(tx -> assertThat(tx.appointments().find(booked.id())).contains(stored));
    }

    @Test
    @DisplayName("a taken appointment id is a duplicate key: a retried booking never inserts twice (IN-1)")
    void duplicateId() {
        Slot first = insertSlot(clinic, minutes(0), 30);
        Slot second = insertSlot(clinic, minutes(120), 30);
        Appointment appointment = appointment(patient.id(), first, clinic.checkup().id());
        run(tx -> assertThat(tx.appointments().insertIfNoOverlap(appointment)).isTrue());
        Patient other = insertPatient();
        Appointment sameId = Appointment.book(appointment.id(), other.id(), second, clinic.checkup().id(), T0, "staff-1");
        assertThatThrownBy(() -> write(tx -> tx.appointments().insertIfNoOverlap(sameId)))
                .isInstanceOf(DuplicateKeyException.class);
        check(tx -> assertThat(tx.appointments().find(appointment.id())).contains(appointment));
        assertThat(upcoming(other.id(), minutes(-600))).isEmpty();
    }

    @Test
    @DisplayName("insertIfNoOverlap refuses an appointment overlapping a BOOKED one of the patient; touching intervals [9:00, 9:30) and [9:30, 10:00) do not overlap (SC-3)")
    void overlapEdges() {
        Appointment nine = insertBooked(patient, minutes(0), 30);
        List<Slot> refused = List.of(
                insertSlot(clinic, minutes(0), 30),
                insertSlot(clinic, minutes(10), 10),
                insertSlot(clinic, minutes(-60), 180),
                insertSlotUntil(clinic, minutes(-30), minutes(0).plus(1, ChronoUnit.MICROS)),
                insertSlot(clinic, minutes(30).minus(1, ChronoUnit.MICROS), 30),
                insertSlot(clinic, minutes(-10), 15),
                insertSlot(clinic, minutes(25), 15));
        for (Slot slot : refused) {
            Appointment overlapping = appointment(patient.id(), slot, clinic.checkup().id());
            run(tx -> assertThat(tx.appointments().insertIfNoOverlap(overlapping))
                    .as("[%s, %s) overlaps [9:00, 9:30)", slot.start(), slot.end()).isFalse());
            check(tx -> assertThat(tx.appointments().find(overlapping.id())).isEmpty());
        }
        Appointment before = appointment(patient.id(), insertSlot(clinic, minutes(-30), 30), clinic.checkup().id());
        Appointment after = appointment(patient.id(), insertSlot(clinic, minutes(30), 30), clinic.checkup().id());
        run(tx -> assertThat(tx.appointments().insertIfNoOverlap(before)).as("[8:30, 9:00)").isTrue());
        run(tx -> assertThat(tx.appointments().insertIfNoOverlap(after)).as("[9:30, 10:00)").isTrue());
        assertThat(upcoming(patient.id(), minutes(-600))).containsExactly(before, nine, after);
    }

    @Test
    @DisplayName("another patient's BOOKED appointment never blocks: two patients may hold the same time (SC-3)")
    void otherPatientsUnaffected() {
        insertBooked(patient, minutes(0), 60);
        Patient other = insertPatient();
        Appointment same = appointment(other.id(), insertSlot(clinic, minutes(0), 60), clinic.checkup().id());
        run(tx -> assertThat(tx.appointments().insertIfNoOverlap(same)).isTrue());
        assertThat(upcoming(other.id(), minutes(-600))).containsExactly(same);
    }

    @Test
    @DisplayName("cancelled, rescheduled, completed and no-show appointments do not block an overlapping booking (SC-3, SC-4)")
    void onlyBookedBlocks() {
        List<AppointmentStatus> closedStatuses = List.of(AppointmentStatus.CANCELLED, AppointmentStatus.RESCHEDULED,
                AppointmentStatus.COMPLETED, AppointmentStatus.NO_SHOW);
        for (AppointmentStatus status : closedStatuses) {
            Patient p = insertPatient();
            Appointment first = insertBooked(p, minutes(0), 30);
            write(tx -> tx.appointments().update(first.close(status, at(10), "staff-1", "reason")));
            Appointment again = appointment(p.id(), insertSlot(clinic, minutes(0), 30), clinic.checkup().id());
            run(tx -> assertThat(tx.appointments().insertIfNoOverlap(again)).as("%s", status).isTrue());
        }
    }

    @Test
    @DisplayName("the work's own uncommitted appointments count: a second overlapping insert is refused, and a cancellation in the work frees the time (SC-3, SC-4)")
    void ownWritesCount() {
        Slot slot = insertSlot(clinic, minutes(0), 30);
        Slot overlapping = insertSlot(clinic, minutes(15), 30);
        Appointment first = appointment(patient.id(), slot, clinic.checkup().id());
        Appointment second = appointment(patient.id(), overlapping, clinic.checkup().id());
        run(tx -> {
            assertThat(tx.appointments().insertIfNoOverlap(first)).isTrue();
            assertThat(tx.appointments().insertIfNoOverlap(second)).isFalse();
        });
        assertThat(upcoming(patient.id(), minutes(-600))).containsExactly(first);

        // reschedule: the old appointment leaves BOOKED, then the new overlapping one goes in, in one work
        Appointment moved = appointment(patient.id(), overlapping, clinic.checkup().id());
        run(tx -> {
            tx.appointments().update(first.close(AppointmentStatus.RESCHEDULED, at(5), "staff-1", "rescheduled"));
            assertThat(tx.appointments().insertIfNoOverlap(moved)).isTrue();
        });
        assertThat(upcoming(patient.id(), minutes(-600))).extracting(Appointment::id, Appointment::status)
                .containsExactly(tuple(first.id(), AppointmentStatus.RESCHEDULED), tuple(moved.id(), AppointmentStatus.BOOKED));

        Appointment rolledBack = appointment(patient.id(), insertSlot(clinic, minutes(120), 30), clinic.checkup().id());
        assertThatThrownBy(() -> run(tx -> {
            assertThat(tx.appointments().insertIfNoOverlap(rolledBack)).isTrue();
            assertThat(tx.appointments().upcoming(patient.id(), minutes(100), null, 10)).containsExactly(rolledBack);
            throw new KitFailure();
        })).isInstanceOf(KitFailure.class);
        check(tx -> assertThat(tx.appointments().find(rolledBack.id())).isEmpty());
        assertThat(upcoming(patient.id(), minutes(100))).isEmpty();
        Appointment retried = appointment(patient.id(), insertSlot(clinic, minutes(120), 30), clinic.checkup().id());
        run(tx -> assertThat(tx.appointments().insertIfNoOverlap(retried)).as("nothing left behind").isTrue());
    }

    @Test
    @DisplayName("a second booking for the patient waits for the first one's transaction, then sees it: never check-then-insert (SC-3)")
    void secondBookingWaits() throws Exception {
        Appointment first = appointment(patient.id(), insertSlot(clinic, minutes(0), 30), clinic.checkup().id());
        Appointment second = appointment(patient.id(), insertSlot(clinic, minutes(15), 30), clinic.checkup().id());
        List<Boolean> results = whileHeld(tx -> tx.appointments().insertIfNoOverlap(first),
                tx -> tx.appointments().insertIfNoOverlap(second));
        assertThat(results).containsExactly(true, false);
        assertThat(upcoming(patient.id(), minutes(-600))).containsExactly(first);
    }

    @Test
    @DisplayName("of " + THREADS + " concurrent overlapping bookings for one patient exactly one is inserted (SC-3)")
    void concurrentOverlapping() throws Exception {
        List<Slot> slots = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            slots.add(slot(clinic, minutes(i), 60));
        }
        run(tx -> tx.slots().insertAll(slots));
        List<Outcome<Boolean>> outcomes = concurrently(THREADS, i -> writeRetrying(tx ->
                tx.appointments().insertIfNoOverlap(appointment(patient.id(), slots.get(i), clinic.checkup().id()))));
        assertThat(failures(outcomes)).isEmpty();
        assertThat(successes(outcomes)).filteredOn(Boolean::booleanValue).hasSize(1);
        assertThat(upcoming(patient.id(), minutes(-600))).hasSize(1);
    }

    @Test
    @DisplayName("of " + THREADS + " concurrent bookings for one patient at distinct times every one is inserted (SC-3)")
    void concurrentDisjoint() throws Exception {
        List<Slot> slots = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            slots.add(slot(clinic, minutes(30L * i), 30));
        }
        run(tx -> tx.slots().insertAll(slots));
        List<Outcome<Boolean>> outcomes = concurrently(THREADS, i -> writeRetrying(tx ->
                tx.appointments().insertIfNoOverlap(appointment(patient.id(), slots.get(i), clinic.checkup().id()))));
        assertThat(failures(outcomes)).isEmpty();
        assertThat(successes(outcomes)).hasSize(THREADS).allMatch(Boolean::booleanValue);
        assertThat(upcoming(patient.id(), minutes(-600))).hasSize(THREADS);
    }

    @Test
    @DisplayName("update stores a status change with who, when and why, and increases the version; a stale or missing appointment fails with an optimistic-lock exception (SC-4)")
    void update() {
        Appointment booked = insertBooked(patient, minutes(0), 30);
        Appointment completed = write(tx -> tx.appointments().update(
                booked.close(AppointmentStatus.COMPLETED, at(7200), "staff-clinician-2", null)));
        assertThat(completed).isEqualTo(appointmentVersion(booked.close(AppointmentStatus.COMPLETED, at(7200), "staff-clinician-2", null), 1));
        check(tx -> assertThat(tx.appointments().find(booked.id())).contains(completed));
        assertThatThrownBy(() -> write(tx -> tx.appointments().update(
                booked.close(AppointmentStatus.NO_SHOW, at(7300), "staff-1", "no_show")))).isInstanceOf(OptimisticLockException.class);
        check(tx -> assertThat(tx.appointments().find(booked.id())).contains(completed));
        Appointment ghost = appointment(patient.id(), insertSlot(clinic, minutes(60), 30), clinic.checkup().id())
                .close(AppointmentStatus.CANCELLED, at(60), "staff-1", "patient_cancelled");
        assertThatThrownBy(() -> write(tx -> tx.appointments().update(ghost)))
                .isInstanceOf(OptimisticLockException.class);
        check(tx -> assertThat(tx.appointments().find(ghost.id())).isEmpty());
    }

    @Test
    @DisplayName("update writes only the closing fields (SC-4): a changed patient, slot, provider, department, visit type, times or booking fields are ignored, and the row keeps its place in the lists")
    void updateWritesOnlyClosingFields() {
        Appointment booked = insertBooked(patient, minutes(0), 30);
        Patient other = insertPatient();
        Clinic otherClinic = insertClinic();
        Slot otherSlot = insertSlot(otherClinic, minutes(120), 60);
        Appointment cancelled = write(tx -> tx.appointments().update(
                elsewhere(booked, other, otherSlot, otherClinic, AppointmentStatus.CANCELLED, at(60), "staff-front-desk-7",
                        "patient_cancelled")));
        Appointment expected = appointmentVersion(
                booked.close(AppointmentStatus.CANCELLED, at(60), "staff-front-desk-7", "patient_cancelled"), 1);
        assertThat(cancelled).isEqualTo(expected);
        check(tx -> assertThat(tx.appointments().find(booked.id())).contains(expected));

        // between non-BOOKED states (a correction), again only the closing fields are written
        Appointment corrected = write(tx -> tx.appointments().update(
                elsewhere(cancelled, other, otherSlot, otherClinic, AppointmentStatus.NO_SHOW, at(120), "staff-clinician-2",
                        null)));
        Appointment noShow = appointmentVersion(booked.close(AppointmentStatus.NO_SHOW, at(120), "staff-clinician-2", null), 2);
        assertThat(corrected).isEqualTo(noShow);
        check(tx -> assertThat(tx.appointments().find(booked.id())).contains(noShow));
        assertThat(upcoming(patient.id(), minutes(-600))).containsExactly(noShow);
        check(tx -> assertThat(tx.appointments().past(patient.id(), minutes(600), null, 10))
                .containsExactly(noShow));
        assertThat(upcoming(other.id(), minutes(-600))).isEmpty();
        check(tx -> assertThat(tx.appointments().past(other.id(), minutes(600), null, 10)).isEmpty());
    }

    @Test
    @DisplayName("update refuses BOOKED (SC-4) with an illegal-argument exception, from BOOKED or back from a closed status, and writes nothing; the work stays usable")
    void updateRefusesBooked() {
        Appointment booked = insertBooked(patient, minutes(0), 30);
        Slot later = insertSlot(clinic, minutes(60), 30);
        Appointment moved = new Appointment(booked.id(), booked.patientId(), later.id(), later.providerId(),
                later.departmentId(), booked.visitTypeId(), later.start(), later.end(), AppointmentStatus.BOOKED,
                booked.bookedAt(), booked.bookedBy(), null, null, null, booked.version());
        assertThatThrownBy(() -> write(tx -> tx.appointments().update(moved)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> write(tx -> tx.appointments().update(booked)))
                .isInstanceOf(IllegalArgumentException.class);
        check(tx -> assertThat(tx.appointments().find(booked.id())).contains(booked));

        // back to BOOKED would bypass insertIfNoOverlap: refused even where it would overlap nothing
        Appointment cancelled = write(tx -> tx.appointments().update(
                booked.close(AppointmentStatus.CANCELLED, at(60), "staff-1", "patient_cancelled")));
        Appointment revived = appointmentVersion(booked, cancelled.version());
        assertThatThrownBy(() -> write(tx -> tx.appointments().update(revived)))
                .isInstanceOf(IllegalArgumentException.class);
        Appointment overlapping = insertBooked(patient, minutes(15), 30);
        run(tx -> {
            assertThatThrownBy(() -> tx.appointments().update(revived)).isInstanceOf(IllegalArgumentException.class);
            assertThat(tx.appointments().find(booked.id())).as("the work is still usable").contains(cancelled);
        });
        check(tx -> assertThat(tx.appointments().find(booked.id())).contains(cancelled));
        assertThat(upcoming(patient.id(), minutes(-600))).containsExactly(cancelled, overlapping);
    }

    @Test
    @DisplayName("after cancelling, a new overlapping booking for the same patient is accepted by insertIfNoOverlap, even when the cancelling update carried other times (SC-3, SC-4)")
    void cancelFreesTime() {
        Appointment booked = insertBooked(patient, minutes(0), 30);
        Slot otherSlot = insertSlot(clinic, minutes(120), 30);
        Appointment cancelled = write(tx -> tx.appointments().update(
                elsewhere(booked, patient, otherSlot, clinic, AppointmentStatus.CANCELLED, at(60), "account-1",
                        "patient_cancelled")));
        assertThat(cancelled.status()).isEqualTo(AppointmentStatus.CANCELLED);
        Appointment again = appointment(patient.id(), insertSlot(clinic, minutes(15), 30), clinic.checkup().id());
        run(tx -> assertThat(tx.appointments().insertIfNoOverlap(again))
                .as("[9:15, 9:45) overlaps only the cancelled [9:00, 9:30)").isTrue());
        Appointment atIgnoredTime = appointment(patient.id(), otherSlot, clinic.checkup().id());
        run(tx -> assertThat(tx.appointments().insertIfNoOverlap(atIgnoredTime))
                .as("the cancelled appointment did not move to [11:00, 11:30)").isTrue());
        Appointment overlappingNew = appointment(patient.id(), insertSlot(clinic, minutes(40), 30), clinic.checkup().id());
        run(tx -> assertThat(tx.appointments().insertIfNoOverlap(overlappingNew))
                .as("[9:40, 10:10) overlaps the new BOOKED [9:15, 9:45)").isFalse());
        assertThat(upcoming(patient.id(), minutes(-600))).containsExactly(cancelled, again, atIgnoredTime);
    }

    @Test
    @DisplayName("of " + THREADS + " concurrent cancellations from one version exactly one succeeds, the others fail as stale (SC-4)")
    void concurrentUpdates() throws Exception {
        Appointment booked = insertBooked(patient, minutes(0), 30);
        List<Outcome<Appointment>> outcomes = concurrently(THREADS, i -> writeRetrying(tx ->
                tx.appointments().update(booked.close(AppointmentStatus.CANCELLED, at(i), "canceller-" + i, "patient_cancelled"))));
        assertThat(successes(outcomes)).hasSize(1);
        assertThat(failures(outcomes)).hasSize(THREADS - 1).allMatch(OptimisticLockException.class::isInstance);
        check(tx -> assertThat(tx.appointments().find(booked.id())).contains(successes(outcomes).get(0)));
    }

    @Test
    @DisplayName("upcoming pages the patient's appointments from a start on, any status, in ascending (start, id) order, ties included, across pages of "
            + PAGE_SIZE + " (SC-5)")
    void upcomingPaging() {
        List<Appointment> all = insertHistory(patient);
        Patient other = insertPatient();
        insertBooked(other, minutes(0), 30);
        Instant from = minutes(60);
        List<Appointment> expected = all.stream().filter(a -> !a.start().isBefore(from))
                .sorted(START_ORDER).toList();
        assertThat(expected).hasSizeGreaterThan(PAGE_SIZE * 2);
        List<Appointment> paged = collectStartPages((after, limit) -> read(tx ->
                tx.appointments().upcoming(patient.id(), from, after, limit)), Appointment::start, a -> a.id().value());
        assertThat(paged).containsExactlyElementsOf(expected);
        assertThat(paged).extracting(Appointment::status).contains(AppointmentStatus.BOOKED, AppointmentStatus.CANCELLED);
        check(tx -> assertThat(tx.appointments().upcoming(PatientId.newId(), minutes(-6000), null, 10)).isEmpty());
        check(tx -> assertThat(tx.appointments().upcoming(patient.id(), minutes(6000), null, 10)).isEmpty());
    }

    @Test
    @DisplayName("past pages the patient's appointments starting before an instant, any status, in descending (start, id) order, ties included, across pages of "
            + PAGE_SIZE + " (SC-5)")
    void pastPaging() {
        List<Appointment> all = insertHistory(patient);
        Patient other = insertPatient();
        insertBooked(other, minutes(-300), 30);
        Instant before = minutes(240);
        List<Appointment> expected = all.stream().filter(a -> a.start().isBefore(before))
                .sorted(START_ORDER.reversed()).toList();
        assertThat(expected).hasSizeGreaterThan(PAGE_SIZE * 2);
        assertThat(collectStartPages((after, limit) -> read(tx -> tx.appointments().past(patient.id(), before, after, limit)),
                Appointment::start, a -> a.id().value())).containsExactlyElementsOf(expected);
        check(tx -> assertThat(tx.appointments().past(PatientId.newId(), minutes(6000), null, 10)).isEmpty());
        check(tx -> assertThat(tx.appointments().past(patient.id(), minutes(-6000), null, 10)).isEmpty());
    }

    @Test
    @DisplayName("an appointment starting exactly at the boundary is upcoming, not past (SC-5)")
    void boundary() {
        Appointment atBoundary = insertBooked(patient, minutes(0), 30);
        Appointment earlier = insertBooked(patient, minutes(-30), 30);
        check(tx -> assertThat(tx.appointments().upcoming(patient.id(), minutes(0), null, 10))
                .containsExactly(atBoundary));
        check(tx -> assertThat(tx.appointments().past(patient.id(), minutes(0), null, 10))
                .containsExactly(earlier));
        check(tx -> assertThat(tx.appointments().upcoming(patient.id(), minutes(0).plus(1, ChronoUnit.MICROS), null, 10))
                .isEmpty());
        check(tx -> assertThat(tx.appointments().past(patient.id(), minutes(0).plus(1, ChronoUnit.MICROS), null, 10))
                .containsExactly(atBoundary, earlier));
    }

    private Appointment insertBooked(Patient p, Instant start, long length) {
        return insertBooked(clinic, p, start, length);
    }

    /**
     * {@code a} moved to {@code status} with the given closing fields, every other field but
     * its id and version changed: another patient, slot, provider, department, visit type, times
     * and booking fields (all rows that exist).
     */
    private Appointment elsewhere(Appointment a, Patient p, Slot slot, Clinic c, AppointmentStatus status,
                                  Instant closedAt, String closedBy, String closeReason) {
        return new Appointment(a.id(), p.id(), slot.id(), c.provider().id(), c.department().id(), c.physical().id(),
                slot.start(), slot.end(), status, a.bookedAt().minusSeconds(3600), "someone-else", closedAt, closedBy,
                closeReason, a.version());
    }

    /**
     * Twenty-five appointments of the patient over five starts, five at each start: one BOOKED,
     * four cancelled before the next went in (so they do not overlap).
     */
    private List<Appointment> insertHistory(Patient p) {
        List<Slot> slots = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            slots.add(slot(clinic, minutes(-120 + 90L * i), 60));
        }
        run(tx -> tx.slots().insertAll(slots));
        return write(tx -> {
            List<Appointment> all = new ArrayList<>();
            for (Slot slot : slots) {
                for (int j = 0; j < 5; j++) {
                    Appointment a = appointment(p.id(), slot, clinic.checkup().id());
                    assertThat(tx.appointments().insertIfNoOverlap(a)).isTrue();
                    if (j < 4) {
                        a = tx.appointments().update(a.close(AppointmentStatus.CANCELLED, at(j), "staff-1", "patient_cancelled"));
                    }
                    all.add(a);
                }
            }
            return all;
        });
    }
}
