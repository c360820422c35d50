package org.patientportal.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.model.Appointment;
import org.patientportal.model.AppointmentId;
import org.patientportal.model.Diagnosis;
import org.patientportal.model.Patient;
import org.patientportal.model.VisitSummary;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.OptimisticLockException;

/** The {@code VisitSummaries} store (SC-5). */
abstract class VisitSummariesContracts extends KitSupport {
    private Appointment visit;

    @BeforeEach
    void createVisit() {
        Clinic clinic = insertClinic();
        Patient patient = insertPatient();
        visit = insertBooked(clinic, patient, minutes(0), 30);
    }

    @Test
    @DisplayName("a visit without a summary has none")
    void absent() {
        check(tx -> assertThat(tx.visitSummaries().find(visit.id())).isEmpty());
        check(tx -> assertThat(tx.visitSummaries().find(AppointmentId.newId())).isEmpty());
    }

    @Test
    @DisplayName("save with version 0 inserts at version 1; a save from the stored version replaces the text and the diagnoses whole, in order (SC-5)")
    void insertThenUpdate() {
        VisitSummary first = new VisitSummary(visit.id(), visit.patientId(),
                "Seen for cough.\nRest, fluids; return if fever > 39 °C.",
                List.of(new Diagnosis("J06.9", "Acute upper respiratory infection"),
                        new Diagnosis("R05.1", "Acute cough"),
                        new Diagnosis("Z23", "Encounter for immunization")),
                at(3600), "staff-clinician-1", 0);
        VisitSummary stored = write(tx -> tx.visitSummaries().save(first));
        assertThat(stored).isEqualTo(summaryVersion(first, 1));
        check(tx -> assertThat(tx.visitSummaries().find(visit.id())).contains(stored));

        VisitSummary second = new VisitSummary(visit.id(), visit.patientId(), "Corrected summary.",
                List.of(new Diagnosis("Z23", "Encounter for immunization"), new Diagnosis("J06.9", "Acute URI")),
                at(7200), "staff-clinician-2", 1);
        VisitSummary replaced = write(tx -> tx.visitSummaries().save(second));
        assertThat(replaced).isEqualTo(summaryVersion(second, 2));
        VisitSummary found = read(tx -> tx.visitSummaries().find(visit.id())).orElseThrow();
        assertThat(found).isEqualTo(replaced);
        assertThat(found.diagnoses()).extracting(Diagnosis::code).containsExactly("Z23", "J06.9");

        VisitSummary none = new VisitSummary(visit.id(), visit.patientId(), "No diagnosis recorded.", List.of(),
                at(7300), "staff-clinician-2", 2);
        VisitSummary emptied = write(tx -> tx.visitSummaries().save(none));
        check(tx -> assertThat(tx.visitSummaries().find(visit.id())).contains(emptied));
        assertThat(emptied.diagnoses()).isEmpty();
    }

    @Test
    @DisplayName("a second insert (version 0) for the visit is a duplicate key; a stale or never-inserted save fails with an optimistic-lock exception (SC-5)")
    void duplicateAndStale() {
        VisitSummary v1 = write(tx -> tx.visitSummaries().save(summary(visit, "first", 0)));
        assertThatThrownBy(() -> write(tx -> tx.visitSummaries().save(summary(visit, "again", 0))))
                .isInstanceOf(DuplicateKeyException.class);
        VisitSummary v2 = write(tx -> tx.visitSummaries().save(summary(visit, "second", v1.version())));
        assertThatThrownBy(() -> write(tx -> tx.visitSummaries().save(summary(visit, "stale", v1.version()))))
                .isInstanceOf(OptimisticLockException.class);
        check(tx -> assertThat(tx.visitSummaries().find(visit.id())).contains(v2));
        Clinic clinic = insertClinic();
        Appointment other = insertBooked(clinic, insertPatient(), minutes(0), 30);
        assertThatThrownBy(() -> write(tx -> tx.visitSummaries().save(summary(other, "ghost", 3))))
                .isInstanceOf(OptimisticLockException.class);
        check(tx -> assertThat(tx.visitSummaries().find(other.id())).isEmpty());
    }

    @Test
    @DisplayName("of " + THREADS + " concurrent first saves exactly one inserts, the others are duplicate keys (SC-5)")
    void concurrentFirstSaves() throws Exception {
        List<Outcome<VisitSummary>> outcomes = concurrently(THREADS, i -> writeRetrying(tx ->
                tx.visitSummaries().save(summary(visit, "summary " + i, 0))));
        assertThat(successes(outcomes)).hasSize(1);
        assertThat(failures(outcomes)).hasSize(THREADS - 1).allMatch(DuplicateKeyException.class::isInstance);
        check(tx -> assertThat(tx.visitSummaries().find(visit.id())).contains(successes(outcomes).get(0)));
    }

    @Test
    @DisplayName("a rolled-back work leaves the summary as it was; its own reads saw its save (SC-5)")
    void rollback() {
        VisitSummary v1 = write(tx -> tx.visitSummaries().save(summary(visit, "kept", 0)));
        assertThatThrownBy(() -> run(tx -> {
            VisitSummary changed = tx.visitSummaries().save(summary(visit, "changed", v1.version()));
            assertThat(tx.visitSummaries().find(visit.id())).contains(changed);
            throw new KitFailure();
        })).isInstanceOf(KitFailure.class);
        check(tx -> assertThat(tx.visitSummaries().find(visit.id())).contains(v1));
    }
}
