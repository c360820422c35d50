package org.patientportal.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.model.Appointment;
import org.patientportal.model.Patient;
import org.patientportal.model.Slot;
import org.patientportal.model.SlotStatus;
import org.patientportal.spi.storage.SlotBooking;
import org.patientportal.spi.storage.SlotBookingRefusedException;

/**
 * {@code StorageTransaction.bookSlot}: however an adapter does it (the default books the slot, then
 * inserts the appointment if that booked it; portal-jdbc sends both in one query on PostgreSQL),
 * each outcome leaves the stores as those two single calls would (SC-3). {@code bookSlotBehind}
 * (which portal-jdbc sends with the commit on PostgreSQL) books as {@code bookSlot} does and refuses
 * with a {@link SlotBookingRefusedException} carrying the outcome, from the call or from the commit,
 * after which nothing the transaction wrote stays.
 */
abstract class BookSlotContracts extends KitSupport {
    private Clinic clinic;
    private Patient patient;

    @BeforeEach
    void clinic() {
        clinic = insertClinic();
        patient = insertPatient();
    }

    private SlotBooking book(Appointment appointment) {
        return write(tx -> tx.bookSlot(appointment));
    }

    @Test
    @DisplayName("SC-3 an open slot is booked for the appointment, which is stored")
    void books() {
        Slot slot = insertSlot(clinic, minutes(0), 30);
        Appointment appointment = appointment(patient.id(), slot, clinic.checkup().id());
        assertThat(book(appointment)).isEqualTo(SlotBooking.BOOKED);
        assertBooked(slot, appointment);
    }

    /** The appointment is stored and its slot is BOOKED for it. */
    private void assertBooked(Slot slot, Appointment appointment) {
        check(tx -> {
            assertThat(tx.appointments().find(appointment.id())).contains(appointment);
            assertThat(tx.slots().find(slot.id())).get().satisfies(s -> {
                assertThat(s.status()).isEqualTo(SlotStatus.BOOKED);
                assertThat(s.appointmentId()).isEqualTo(appointment.id());
            });
        });
    }

    @Test
    @DisplayName("SC-3 a booked or unknown slot is SLOT_TAKEN and nothing is written, as the single calls would leave it")
    void slotTaken() {
        Slot slot = insertSlot(clinic, minutes(0), 30);
        Appointment first = appointment(patient.id(), slot, clinic.checkup().id());
        assertThat(book(first)).isEqualTo(SlotBooking.BOOKED);
        Patient other = insertPatient();
        Appointment second = appointment(other.id(), slot, clinic.checkup().id());
        List<Optional<Appointment>> seen = new ArrayList<>();
        run(tx -> {
            assertThat(tx.bookSlot(second)).isEqualTo(SlotBooking.SLOT_TAKEN);
            seen.add(tx.appointments().find(second.id()));
            seen.add(tx.slots().find(slot.id()).map(s -> s.appointmentId()).flatMap(id -> tx.appointments().find(id)));
        });
        assertThat(seen.get(0)).as("the refused appointment, read in the same transaction").isEmpty();
        assertThat(seen.get(1)).as("the slot still holds the first").contains(first);
        Slot unknown = slot(clinic, minutes(60), 30);
        assertThat(book(appointment(patient.id(), unknown, clinic.checkup().id()))).isEqualTo(SlotBooking.SLOT_TAKEN);
        check(tx -> assertThat(tx.slots().find(unknown.id())).isEmpty());
    }

    @Test
    @DisplayName("SC-3 an overlap with the patient's booked appointment is OVERLAPPING: the slot is booked for it, the appointment not stored; rolled back, nothing stays")
    void overlapping() {
        Appointment held = insertBooked(clinic, patient, minutes(0), 60);
        Slot slot = insertSlot(clinic, minutes(30), 30);
        Appointment overlapping = appointment(patient.id(), slot, clinic.checkup().id());
        List<Object> seen = new ArrayList<>();
        try {
            run(tx -> {
                seen.add(tx.bookSlot(overlapping));
                seen.add(tx.appointments().find(overlapping.id()));
                seen.add(tx.slots().find(slot.id()).map(Slot::appointmentId));
                throw new IllegalStateException("roll back, as the caller does");
            });
        } catch (IllegalStateException expected) {
            // the work's own exception
        }
        assertThat(seen).containsExactly(SlotBooking.OVERLAPPING, Optional.empty(), Optional.of(overlapping.id()));
        check(tx -> {
            assertThat(tx.slots().find(slot.id())).get().extracting(Slot::status).isEqualTo(SlotStatus.OPEN);
            assertThat(tx.appointments().find(overlapping.id())).isEmpty();
            assertThat(tx.appointments().find(held.id())).contains(held);
        });
    }

    @Test
    @DisplayName("SC-3 the patient's booking of an overlapping slot waits for the transaction of the patient's first booking, then is OVERLAPPING: never check-then-insert")
    void secondBookingWaits() throws Exception {
        Appointment first = appointment(patient.id(), insertSlot(clinic, minutes(0), 30), clinic.checkup().id());
        Appointment second = appointment(patient.id(), insertSlot(clinic, minutes(15), 30), clinic.checkup().id());
        List<SlotBooking> results = whileHeld(tx -> tx.bookSlot(first), tx -> tx.bookSlot(second));
        assertThat(results).containsExactly(SlotBooking.BOOKED, SlotBooking.OVERLAPPING);
        assertThat(upcoming(patient.id(), minutes(-600))).containsExactly(first);
    }

    @Test
    @DisplayName("SC-3 of " + THREADS + " overlapping slots booked at once for one patient exactly one is BOOKED; the others are OVERLAPPING")
    void concurrentOverlapping() throws Exception {
        List<Slot> slots = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            slots.add(insertSlot(clinic, minutes(i), 60));
        }
        List<Outcome<SlotBooking>> outcomes = concurrently(THREADS, i -> writeRetrying(tx ->
                tx.bookSlot(appointment(patient.id(), slots.get(i), clinic.checkup().id()))));
        assertThat(failures(outcomes)).isEmpty();
        assertThat(successes(outcomes)).filteredOn(SlotBooking.BOOKED::equals).hasSize(1);
        assertThat(successes(outcomes)).filteredOn(SlotBooking.OVERLAPPING::equals).hasSize(THREADS - 1);
        assertThat(upcoming(patient.id(), minutes(-600))).hasSize(1);
    }

    @Test
    @DisplayName("SC-3 of " + THREADS + " patients booking one slot at once exactly one books it; the others are SLOT_TAKEN")
    void concurrentBookers() throws Exception {
        Slot slot = insertSlot(clinic, minutes(0), 30);
        List<Patient> patients = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            patients.add(insertPatient());
        }
        List<Outcome<SlotBooking>> outcomes = concurrently(THREADS, i -> writeRetrying(tx ->
                tx.bookSlot(appointment(patients.get(i).id(), slot, clinic.checkup().id()))));
        assertThat(failures(outcomes)).isEmpty();
        assertThat(successes(outcomes)).filteredOn(SlotBooking.BOOKED::equals).hasSize(1);
        assertThat(successes(outcomes)).filteredOn(SlotBooking.SLOT_TAKEN::equals).hasSize(THREADS - 1);
        check(tx -> {
            Slot booked = tx.slots().find(slot.id()).orElseThrow();
            assertThat(booked.status()).isEqualTo(SlotStatus.BOOKED);
            assertThat(tx.appointments().find(booked.appointmentId())).isPresent();
        });
    }
    @Test
    @DisplayName("SC-3 bookSlotBehind: an open slot is booked for the appointment, which is stored at the commit")
    void booksBehind() {
        Slot slot = insertSlot(clinic, minutes(0), 30);
        Appointment appointment = appointment(patient.id(), slot, clinic.checkup().id());
        run(tx -> tx.bookSlotBehind(appointment));
        assertBooked(slot, appointment);
    }

    @Test
    @DisplayName("SC-3 bookSlotBehind: a transaction reading after it sees the booking it wrote behind")
    void readsSeeTheBookingBehind() {
        Slot slot = insertSlot(clinic, minutes(0), 30);
        Appointment appointment = appointment(patient.id(), slot, clinic.checkup().id());
        List<Object> seen = new ArrayList<>();
        run(tx -> {
            tx.bookSlotBehind(appointment);
            seen.add(tx.appointments().find(appointment.id()));
            seen.add(tx.slots().find(slot.id()).map(Slot::appointmentId));
        });
        assertThat(seen).containsExactly(Optional.of(appointment), Optional.of(appointment.id()));
    }

    @Test
    @DisplayName("SC-3 bookSlotBehind of a booked or unknown slot refuses with SLOT_TAKEN, and nothing the transaction"
            + " wrote, before or after it, stays")
    void slotTakenBehind() {
        Slot slot = insertSlot(clinic, minutes(0), 30);
        Appointment first = appointment(patient.id(), slot, clinic.checkup().id());
        assertThat(book(first)).isEqualTo(SlotBooking.BOOKED);
        Patient other = insertPatient();
        Patient before = patient();
        Patient after = patient();
        Appointment second = appointment(other.id(), slot, clinic.checkup().id());
        assertThatThrownBy(() -> run(tx -> {
            tx.patients().insert(before);
            tx.bookSlotBehind(second);
            tx.patients().insert(after);
        })).isInstanceOfSatisfying(SlotBookingRefusedException.class,
                e -> assertThat(e.outcome()).isEqualTo(SlotBooking.SLOT_TAKEN));
        check(tx -> {
            assertThat(tx.appointments().find(second.id())).isEmpty();
            assertThat(tx.slots().find(slot.id())).get().extracting(Slot::appointmentId).isEqualTo(first.id());
            assertThat(tx.patients().find(before.id())).as("written before the booking").isEmpty();
            assertThat(tx.patients().find(after.id())).as("written after the booking").isEmpty();
        });
        Slot unknown = slot(clinic, minutes(60), 30);
        assertThatThrownBy(() -> run(tx -> tx.bookSlotBehind(appointment(patient.id(), unknown,
                clinic.checkup().id())))).isInstanceOfSatisfying(SlotBookingRefusedException.class,
                e -> assertThat(e.outcome()).isEqualTo(SlotBooking.SLOT_TAKEN));
        check(tx -> assertThat(tx.slots().find(unknown.id())).isEmpty());
    }

    @Test
    @DisplayName("SC-3 bookSlotBehind overlapping the patient's booked appointment refuses with OVERLAPPING: the slot"
            + " stays open, the appointment is not stored")
    void overlappingBehind() {
        Appointment held = insertBooked(clinic, patient, minutes(0), 60);
        Slot slot = insertSlot(clinic, minutes(30), 30);
        Appointment overlapping = appointment(patient.id(), slot, clinic.checkup().id());
        Patient after = patient();
        assertThatThrownBy(() -> run(tx -> {
            tx.bookSlotBehind(overlapping);
            tx.patients().insert(after);
        })).isInstanceOfSatisfying(SlotBookingRefusedException.class,
                e -> assertThat(e.outcome()).isEqualTo(SlotBooking.OVERLAPPING));
        check(tx -> {
            assertThat(tx.slots().find(slot.id())).get().extracting(Slot::status).isEqualTo(SlotStatus.OPEN);
            assertThat(tx.appointments().find(overlapping.id())).isEmpty();
            assertThat(tx.appointments().find(held.id())).contains(held);
            assertThat(tx.patients().find(after.id())).isEmpty();
        });
    }

    @Test
    @DisplayName("SC-3 bookSlotBehind of a taken slot is SLOT_TAKEN even when it also overlaps, as bookSlot checks the"
            + " slot first")
    void slotTakenBeforeOverlapBehind() {
        insertBooked(clinic, patient, minutes(0), 60);
        Slot slot = insertSlot(clinic, minutes(30), 30);
        assertThat(book(appointment(insertPatient().id(), slot, clinic.checkup().id()))).isEqualTo(SlotBooking.BOOKED);
        Appointment both = appointment(patient.id(), slot, clinic.checkup().id());
        assertThatThrownBy(() -> run(tx -> tx.bookSlotBehind(both))).isInstanceOfSatisfying(
                SlotBookingRefusedException.class, e -> assertThat(e.outcome()).isEqualTo(SlotBooking.SLOT_TAKEN));
    }

    @Test
    @DisplayName("SC-3 of " + THREADS + " patients booking one slot behind at once exactly one books it; the others"
            + " are refused with SLOT_TAKEN")
    void concurrentBookersBehind() throws Exception {
        Slot slot = insertSlot(clinic, minutes(0), 30);
        List<Patient> patients = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            patients.add(insertPatient());
        }
        List<Outcome<Integer>> outcomes = concurrently(THREADS, i -> writeRetrying(tx -> {
            tx.bookSlotBehind(appointment(patients.get(i).id(), slot, clinic.checkup().id()));
            return i;
        }));
        assertThat(successes(outcomes)).hasSize(1);
        assertThat(failures(outcomes)).hasSize(THREADS - 1).allSatisfy(e -> assertThat(e)
                .isInstanceOfSatisfying(SlotBookingRefusedException.class,
                        r -> assertThat(r.outcome()).isEqualTo(SlotBooking.SLOT_TAKEN)));
        check(tx -> {
            Slot booked = tx.slots().find(slot.id()).orElseThrow();
            assertThat(booked.status()).isEqualTo(SlotStatus.BOOKED);
            assertThat(tx.appointments().find(booked.appointmentId())).isPresent();
        });
    }

    @Test
    @DisplayName("SC-3 of " + THREADS + " overlapping slots booked behind at once for one patient exactly one is"
            + " booked; the others are refused with OVERLAPPING")
    void concurrentOverlappingBehind() throws Exception {
        List<Slot> slots = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            slots.add(insertSlot(clinic, minutes(i), 60));
        }
        List<Outcome<Integer>> outcomes = concurrently(THREADS, i -> writeRetrying(tx -> {
            tx.bookSlotBehind(appointment(patient.id(), slots.get(i), clinic.checkup().id()));
            return i;
        }));
        assertThat(successes(outcomes)).hasSize(1);
        assertThat(failures(outcomes)).hasSize(THREADS - 1).allSatisfy(e -> assertThat(e)
                .isInstanceOfSatisfying(SlotBookingRefusedException.class,
                        r -> assertThat(r.outcome()).isEqualTo(SlotBooking.OVERLAPPING)));
        assertThat(upcoming(patient.id(), minutes(-600))).hasSize(1);
        check(tx -> assertThat(slots.stream().map(s -> tx.slots().find(s.id()).orElseThrow().status())
                .filter(SlotStatus.BOOKED::equals).count()).isEqualTo(1));
    }
}
