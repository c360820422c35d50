package org.patientportal.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.model.Patient;
import org.patientportal.model.PatientId;
import org.patientportal.model.Uuids;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.OptimisticLockException;

/** The {@code Patients} store. */
abstract class PatientsContracts extends KitSupport {
    @Test
    @DisplayName("a patient round-trips every field through find and findByMrn")
    void roundTrip() {
        Patient full = patient();
        Patient sparse = new Patient(PatientId.newId(), unique("MRN"), "Grace", "Hopper", LocalDate.of(1906, 12, 9),
                unique("ssn4"), null, null, T0.plus(1, ChronoUnit.MICROS), 0);
        run(tx -> {
            tx.patients().insert(full);
            tx.patients().insert(sparse);
        });
        for (Patient p : List.of(full, sparse)) {
            check(tx -> assertThat(tx.patients().find(p.id())).contains(p));
            check(tx -> assertThat(tx.patients().findByMrn(p.mrn())).contains(p));
        }
    }

    @Test
    @DisplayName("an unknown id or MRN finds nothing")
    void unknown() {
        run(tx -> tx.patients().insert(patient()));
        check(tx -> assertThat(tx.patients().find(PatientId.newId())).isEmpty());
        check(tx -> assertThat(tx.patients().findByMrn("no-such-mrn")).isEmpty());
    }

    @Test
    @DisplayName("findAll returns the patients of the ids given, each once, and skips unknown ids; no ids, no patients (NT-2, a dispatch batch's recipients)")
    void findAll() {
        Patient first = patient();
        Patient second = patient();
        Patient other = patient();
        run(tx -> {
            tx.patients().insert(first);
            tx.patients().insert(second);
            tx.patients().insert(other);
        });
        check(tx -> assertThat(tx.patients().findAll(List.of(second.id(), PatientId.newId(), first.id(), second.id())))
                .containsExactlyInAnyOrder(first, second));
        check(tx -> assertThat(tx.patients().findAll(List.of())).isEmpty());
        check(tx -> assertThat(tx.patients().findAll(List.of(PatientId.newId()))).isEmpty());
    }

    @Test
    @DisplayName("a taken id is a duplicate key")
    void duplicateId() {
        Patient patient = patient();
        run(tx -> tx.patients().insert(patient));
        Patient sameId = new Patient(patient.id(), unique("MRN"), "Other", "Person", LocalDate.of(1990, 1, 1),
                unique("ssn4"), null, null, T0, 0);
        assertThatThrownBy(() -> run(tx -> tx.patients().insert(sameId))).isInstanceOf(DuplicateKeyException.class);
        check(tx -> assertThat(tx.patients().find(patient.id())).contains(patient));
    }

    @Test
    @DisplayName("a taken MRN is a duplicate key")
    void duplicateMrn() {
        Patient patient = patient();
        run(tx -> tx.patients().insert(patient));
        assertThatThrownBy(() -> run(tx -> tx.patients().insert(patient(patient.mrn()))))
                .isInstanceOf(DuplicateKeyException.class);
        check(tx -> assertThat(tx.patients().page(null, 10)).containsExactly(patient));
    }

    @Test
    @DisplayName("update stores every field, increases the version by one and returns the stored patient")
    void update() {
        Patient patient = patient();
        run(tx -> tx.patients().insert(patient));
        Patient changed = new Patient(patient.id(), unique("MRN"), "Augusta Ada", "King", LocalDate.of(1985, 3, 1),
                unique("ssn4"), null, "+15555550199", at(5), 0);
        Patient stored = write(tx -> tx.patients().update(changed));
        assertThat(stored).isEqualTo(changed.withVersion(1));
        check(tx -> assertThat(tx.patients().find(patient.id())).contains(stored));
        Patient again = write(tx -> tx.patients().update(stored));
        assertThat(again.version()).isEqualTo(2);
    }

    @Test
    @DisplayName("an update from a stale version fails with an optimistic-lock exception and changes nothing")
    void staleUpdate() {
        Patient patient = patient();
        run(tx -> tx.patients().insert(patient));
        Patient stored = write(tx -> tx.patients().update(patient));
        Patient stale = new Patient(patient.id(), patient.mrn(), "Stale", patient.familyName(), patient.birthDate(),
                patient.ssn4Hash(), patient.email(), patient.mobile(), patient.registeredAt(), 0);
        assertThatThrownBy(() -> write(tx -> tx.patients().update(stale))).isInstanceOf(OptimisticLockException.class);
        check(tx -> assertThat(tx.patients().find(patient.id())).contains(stored));
    }

    @Test
    @DisplayName("an update of a missing patient fails with an optimistic-lock exception")
    void updateMissing() {
        Patient ghost = patient();
        assertThatThrownBy(() -> write(tx -> tx.patients().update(ghost))).isInstanceOf(OptimisticLockException.class);
        check(tx -> assertThat(tx.patients().find(ghost.id())).isEmpty());
    }

    @Test
    @DisplayName("an update to an MRN another patient holds is a duplicate key; a changed MRN frees the old one")
    void updateMrn() {
        Patient first = patient();
        Patient second = patient();
        run(tx -> {
            tx.patients().insert(first);
            tx.patients().insert(second);
        });
        assertThatThrownBy(() -> write(tx -> tx.patients().update(withMrn(second, first.mrn()))))
                .isInstanceOf(DuplicateKeyException.class);
        check(tx -> assertThat(tx.patients().find(second.id())).contains(second));

        String newMrn = unique("MRN");
        Patient moved = write(tx -> tx.patients().update(withMrn(first, newMrn)));
        check(tx -> assertThat(tx.patients().findByMrn(newMrn)).contains(moved));
        check(tx -> assertThat(tx.patients().findByMrn(first.mrn())).isEmpty());
        Patient reuse = patient(first.mrn());
        run(tx -> tx.patients().insert(reuse));
        check(tx -> assertThat(tx.patients().findByMrn(first.mrn())).contains(reuse));
    }

    @Test
    @DisplayName("of " + THREADS + " concurrent updates from one version exactly one succeeds, the others fail as stale")
    void concurrentUpdates() throws Exception {
        Patient patient = patient();
        run(tx -> tx.patients().insert(patient));
        List<Outcome<Patient>> outcomes = concurrently(THREADS, i -> writeRetrying(tx -> tx.patients().update(
                new Patient(patient.id(), patient.mrn(), "Name" + i, patient.familyName(), patient.birthDate(),
                        patient.ssn4Hash(), patient.email(), patient.mobile(), patient.registeredAt(), 0))));
        assertThat(successes(outcomes)).hasSize(1);
        assertThat(failures(outcomes)).hasSize(THREADS - 1).allMatch(OptimisticLockException.class::isInstance);
        Patient winner = successes(outcomes).get(0);
        assertThat(winner.version()).isEqualTo(1);
        check(tx -> assertThat(tx.patients().find(patient.id())).contains(winner));
    }

    @Test
    @DisplayName("page returns every patient exactly once, in id order, across pages of " + PAGE_SIZE)
    void paging() {
        List<Patient> all = new ArrayList<>();
        for (int i = 0; i < PAGE_ROWS; i++) {
            all.add(patient());
        }
        List<Patient> shuffled = new ArrayList<>(all);
        Collections.shuffle(shuffled, new Random(7));
        run(tx -> shuffled.forEach(tx.patients()::insert));
        List<Patient> paged = collectPages((after, limit) -> read(tx -> tx.patients().page(after, limit)),
                Patient::id);
        all.sort(Comparator.comparing(p -> p.id().value(), Uuids.UNSIGNED_ORDER));
        assertThat(paged).containsExactlyElementsOf(all);
    }
}
