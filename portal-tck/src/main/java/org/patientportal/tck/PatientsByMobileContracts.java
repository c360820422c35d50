package org.patientportal.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.model.Patient;
import org.patientportal.model.Uuids;

/** Finding patients by mobile number (NT-1). */
abstract class PatientsByMobileContracts extends KitSupport {
    @Test
    @DisplayName("findByMobile answers every patient with exactly that number, in id order (a family shares one)")
    void family() {
        String mobile = mobile();
        List<Patient> family = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            family.add(withMobile(patient(), mobile));
        }
        List<Patient> others = List.of(withMobile(patient(), mobile()), withMobile(patient(), null),
                withMobile(patient(), mobile + "9"), withMobile(patient(), mobile.substring(1)),
                withMobile(patient(), mobile.substring(0, mobile.length() - 1)));
        List<Patient> all = new ArrayList<>(family);
        all.addAll(others);
        Collections.shuffle(all, new Random(19));
        run(tx -> all.forEach(tx.patients()::insert));
        family.sort(Comparator.comparing(p -> p.id().value(), Uuids.UNSIGNED_ORDER));
        check(tx -> assertThat(tx.patients().findByMobile(mobile)).containsExactlyElementsOf(family));
        check(tx -> assertThat(tx.patients().findByMobile(others.get(0).mobile()))
                .containsExactly(others.get(0)));
    }

    @Test
    @DisplayName("an unknown number finds nothing")
    void unknown() {
        run(tx -> tx.patients().insert(withMobile(patient(), mobile())));
        check(tx -> assertThat(tx.patients().findByMobile(mobile())).isEmpty());
        check(tx -> assertThat(tx.patients().findByMobile("")).isEmpty());
    }

    @Test
    @DisplayName("an update moves the patient from the old number to the new one; a cleared number is found by none")
    void updateMoves() {
        String a = mobile();
        String b = mobile();
        Patient p1 = withMobile(patient(), a);
        Patient p2 = withMobile(patient(), a);
        run(tx -> {
            tx.patients().insert(p1);
            tx.patients().insert(p2);
        });
        Patient moved = write(tx -> tx.patients().update(withMobile(p1, b)));
        check(tx -> assertThat(tx.patients().findByMobile(a)).containsExactly(p2));
        check(tx -> assertThat(tx.patients().findByMobile(b)).containsExactly(moved));

        Patient renamed = write(tx -> tx.patients().update(new Patient(p2.id(), p2.mrn(), "Augusta",
                p2.familyName(), p2.birthDate(), p2.ssn4Hash(), p2.email(), p2.mobile(), p2.registeredAt(), 0)));
        check(tx -> assertThat(tx.patients().findByMobile(a)).as("same number, new row").containsExactly(renamed));

        Patient cleared = write(tx -> tx.patients().update(withMobile(moved, null)));
        check(tx -> assertThat(tx.patients().findByMobile(b)).isEmpty());
        Patient back = write(tx -> tx.patients().update(withMobile(cleared, a)));
        check(tx -> assertThat(tx.patients().findByMobile(a))
                .containsExactlyElementsOf(byPatientId(List.of(back, renamed))));
    }

    @Test
    @DisplayName("a work sees its own numbers; rolled back, nothing of them is left")
    void ownWritesAndRollback() {
        String a = mobile();
        String b = mobile();
        Patient kept = withMobile(patient(), a);
        run(tx -> tx.patients().insert(kept));
        Patient added = withMobile(patient(), a);
        assertThatThrownBy(() -> run(tx -> {
            tx.patients().insert(added);
            Patient moved = tx.patients().update(withMobile(kept, b));
            assertThat(tx.patients().findByMobile(a)).containsExactly(added);
            assertThat(tx.patients().findByMobile(b)).containsExactly(moved);
            throw new KitFailure();
        })).isInstanceOf(KitFailure.class);
        check(tx -> assertThat(tx.patients().findByMobile(a)).containsExactly(kept));
        check(tx -> assertThat(tx.patients().findByMobile(b)).isEmpty());
    }
}
