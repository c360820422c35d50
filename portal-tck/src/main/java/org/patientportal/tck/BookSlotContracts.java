package org.patientportal.tck;

import static org.assertj.core.api.Assertions.assertThat;

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

/**
 * {@code StorageTransaction.bookSlot}: however an adapter does it (the default books the slot, then
 * inserts the appointment if that booked it; portal-jdbc sends both in one query on PostgreSQL),
 * each outcome leaves the stores as those two single calls would (SC-3).
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
}
