package org.patientportal.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.model.Appointment;
import org.patientportal.model.Patient;
import org.patientportal.model.PatientId;
import org.patientportal.model.Provider;
import org.patientportal.model.WaitlistEntry;
import org.patientportal.model.WaitlistEntryId;
import org.patientportal.model.WaitlistStatus;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.OptimisticLockException;

/** The {@code Waitlist} store (SC-7). */
abstract class WaitlistContracts extends KitSupport {
    private Clinic clinic;
    private Patient patient;
    private Appointment appointment;

    @BeforeEach
    void createParties() {
        clinic = insertClinic();
        patient = insertPatient();
        appointment = insertBooked(clinic, patient, minutes(7 * 24 * 60), 30);
    }

    @Test
    @DisplayName("an entry round-trips every field, waiting and closed (SC-7)")
    void roundTrip() {
        WaitlistEntry entry = waitlistEntry(appointment);
        run(tx -> tx.waitlist().insert(entry));
        check(tx -> assertThat(tx.waitlist().find(entry.id())).contains(entry));
        check(tx -> assertThat(tx.waitlist().find(WaitlistEntryId.newId())).isEmpty());
        WaitlistEntry fulfilled = entry.close(WaitlistStatus.FULFILLED, at(120));
        WaitlistEntry stored = write(tx -> tx.waitlist().update(fulfilled));
        assertThat(stored).isEqualTo(entryVersion(fulfilled, 1));
        check(tx -> assertThat(tx.waitlist().find(entry.id())).contains(stored));
    }

    @Test
    @DisplayName("a taken entry id is a duplicate key; a stale or missing entry fails with an optimistic-lock exception")
    void duplicateAndStale() {
        WaitlistEntry entry = waitlistEntry(appointment);
        run(tx -> tx.waitlist().insert(entry));
        WaitlistEntry sameId = new WaitlistEntry(entry.id(), patient.id(), appointment.id(), clinic.physical().id(),
                clinic.provider().id(), at(5), WaitlistStatus.WAITING, null, 0);
        assertThatThrownBy(() -> run(tx -> tx.waitlist().insert(sameId))).isInstanceOf(DuplicateKeyException.class);
        check(tx -> assertThat(tx.waitlist().find(entry.id())).contains(entry));
        WaitlistEntry cancelled = write(tx -> tx.waitlist().update(entry.close(WaitlistStatus.CANCELLED, at(10))));
        assertThatThrownBy(() -> write(tx -> tx.waitlist().update(entry.close(WaitlistStatus.FULFILLED, at(11)))))
                .isInstanceOf(OptimisticLockException.class);
        check(tx -> assertThat(tx.waitlist().find(entry.id())).contains(cancelled));
        WaitlistEntry ghost = waitlistEntry(appointment);
        assertThatThrownBy(() -> write(tx -> tx.waitlist().update(ghost))).isInstanceOf(OptimisticLockException.class);
        check(tx -> assertThat(tx.waitlist().find(ghost.id())).isEmpty());
    }

    @Test
    @DisplayName("waiting returns the WAITING entries of exactly that visit type and provider, in id order (the order served), across pages of "
            + PAGE_SIZE + " (SC-7)")
    void waitingPaging() {
        Provider otherProvider = insertProvider();
        List<Patient> patients = insertPatients(PAGE_ROWS + 5);
        List<WaitlistEntry> queue = new ArrayList<>();
        List<WaitlistEntry> all = new ArrayList<>();
        for (int i = 0; i < patients.size(); i++) {
            Appointment a = insertBooked(clinic, patients.get(i), minutes(7 * 24 * 60), 30);
            WaitlistEntry e = waitlistEntry(a);
            queue.add(e);
            all.add(e);
        }
        Appointment mine = appointment;
        all.add(new WaitlistEntry(WaitlistEntryId.newId(), patient.id(), mine.id(), clinic.physical().id(),
                clinic.provider().id(), T0, WaitlistStatus.WAITING, null, 0));
        all.add(new WaitlistEntry(WaitlistEntryId.newId(), patient.id(), mine.id(), clinic.checkup().id(),
                otherProvider.id(), T0, WaitlistStatus.WAITING, null, 0));
        List<WaitlistEntry> shuffled = new ArrayList<>(all);
        Collections.shuffle(shuffled, new Random(59));
        run(tx -> shuffled.forEach(tx.waitlist()::insert));
        List<WaitlistEntry> closed = List.of(queue.get(0), queue.get(7), queue.get(8), queue.get(20), queue.get(queue.size() - 1));
        run(tx -> {
            for (int i = 0; i < closed.size(); i++) {
                tx.waitlist().update(closed.get(i).close(i % 2 == 0 ? WaitlistStatus.FULFILLED : WaitlistStatus.CANCELLED, at(i)));
            }
        });
        List<WaitlistEntry> expected = new ArrayList<>(queue);
        expected.removeAll(closed);
        List<WaitlistEntry> paged = collectPages((after, limit) -> read(tx ->
                tx.waitlist().waiting(clinic.checkup().id(), clinic.provider().id(), after, limit)), WaitlistEntry::id);
        assertThat(paged).hasSize(PAGE_ROWS).containsExactlyElementsOf(sortedBy(expected, e -> e.id().value()));
        check(tx -> assertThat(tx.waitlist().waiting(clinic.physical().id(), clinic.provider().id(), null, 10))
                .containsExactly(all.get(all.size() - 2)));
        check(tx -> assertThat(tx.waitlist().waiting(clinic.checkup().id(), otherProvider.id(), null, 10))
                .containsExactly(all.get(all.size() - 1)));
        check(tx -> assertThat(tx.waitlist().waiting(clinic.physical().id(), otherProvider.id(), null, 10))
                .isEmpty());
    }

    @Test
    @DisplayName("forPatient returns every entry of the patient, any status, exactly once, in id order, across pages of " + PAGE_SIZE + " (SC-7)")
    void forPatientPaging() {
        Patient other = insertPatient();
        Appointment othersAppointment = insertBooked(clinic, other, minutes(60), 30);
        List<WaitlistEntry> mine = new ArrayList<>();
        for (int i = 0; i < PAGE_ROWS; i++) {
            mine.add(waitlistEntry(appointment));
        }
        List<WaitlistEntry> all = new ArrayList<>(mine);
        all.add(waitlistEntry(othersAppointment));
        Collections.shuffle(all, new Random(61));
        run(tx -> all.forEach(tx.waitlist()::insert));
        WaitlistEntry cancelled = write(tx -> tx.waitlist().update(mine.get(2).close(WaitlistStatus.CANCELLED, at(3))));
        List<WaitlistEntry> expected = new ArrayList<>(mine);
        expected.set(2, cancelled);
        List<WaitlistEntry> paged = collectPages((after, limit) -> read(tx ->
                tx.waitlist().forPatient(patient.id(), after, limit)), WaitlistEntry::id);
        assertThat(paged).containsExactlyElementsOf(sortedBy(expected, e -> e.id().value()));
        check(tx -> assertThat(tx.waitlist().forPatient(PatientId.newId(), null, 10)).isEmpty());
    }

    @Test
    @DisplayName("of " + THREADS + " concurrent offers of a slot to the first waiting entry exactly one fulfils it (SC-7)")
    void concurrentFulfilment() throws Exception {
        WaitlistEntry entry = waitlistEntry(appointment);
        run(tx -> tx.waitlist().insert(entry));
        List<Outcome<WaitlistEntry>> outcomes = concurrently(THREADS, i -> writeRetrying(tx ->
                tx.waitlist().update(entry.close(WaitlistStatus.FULFILLED, at(i)))));
        assertThat(successes(outcomes)).hasSize(1);
        assertThat(failures(outcomes)).hasSize(THREADS - 1).allMatch(OptimisticLockException.class::isInstance);
        check(tx -> assertThat(tx.waitlist().find(entry.id())).contains(successes(outcomes).get(0)));
        check(tx -> assertThat(tx.waitlist().waiting(entry.visitTypeId(), entry.providerId(), null, 10)).isEmpty());
    }

    @Test
    @DisplayName("a work sees its own entries in its queue; rolled back, nothing of them is left (SC-7)")
    void ownWritesAndRollback() {
        WaitlistEntry kept = waitlistEntry(appointment);
        run(tx -> tx.waitlist().insert(kept));
        WaitlistEntry added = waitlistEntry(appointment);
        assertThatThrownBy(() -> run(tx -> {
            tx.waitlist().insert(added);
            tx.waitlist().update(kept.close(WaitlistStatus.FULFILLED, at(1)));
            assertThat(tx.waitlist().waiting(kept.visitTypeId(), kept.providerId(), null, 10)).containsExactly(added);
            throw new KitFailure();
        })).isInstanceOf(KitFailure.class);
        check(tx -> assertThat(tx.waitlist().waiting(kept.visitTypeId(), kept.providerId(), null, 10))
                .containsExactly(kept));
        check(tx -> assertThat(tx.waitlist().forPatient(patient.id(), null, 10)).containsExactly(kept));
    }
}
