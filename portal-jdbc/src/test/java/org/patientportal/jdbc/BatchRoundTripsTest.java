package org.patientportal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.patientportal.model.ControlledSchedule;
import org.patientportal.model.EntrySource;
import org.patientportal.model.EntryStatus;
import org.patientportal.model.HistoryCategory;
import org.patientportal.model.HistoryEntry;
import org.patientportal.model.HistoryEntryId;
import org.patientportal.model.Patient;
import org.patientportal.model.PatientId;
import org.patientportal.model.Prescription;
import org.patientportal.model.PrescriptionId;
import org.patientportal.model.PrescriptionStatus;

/**
 * RF-5 / HH-3: a batch of 500 imported items is one transaction and a handful of statement
 * executions (one JDBC batch per store call), not 500, on H2 and PostgreSQL.
 */
class BatchRoundTripsTest {
    private static final Instant T0 = Instant.parse("2026-03-02T09:15:30.123456Z");
    private static final LocalDate TODAY = LocalDate.of(2026, 3, 2);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    @org.junit.jupiter.api.DisplayName("RF-5 / HH-3 500 prescriptions and 500 history entries are two statement executions, and a re-send changes nothing")
    void fiveHundredInAFewRoundTrips(String kind) throws Exception {
        try (TestDatabases.TestDatabase database = kind.equals("h2") ? TestDatabases.h2() : TestDatabases.postgres();
             JdbcStorage storage = JdbcStorage.create(database.dataSource())) {
            PatientId patient = PatientId.newId();
            storage.inTransaction(tx -> {
                tx.patients().insert(new Patient(patient, "MRN-BATCH", "Kit", "Patient", LocalDate.of(1970, 1, 1),
                        "hash", null, null, T0, 0));
                return null;
            });
            List<Prescription> prescriptions = new ArrayList<>();
            List<HistoryEntry> entries = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                prescriptions.add(new Prescription(PrescriptionId.newId(), patient, "rx-" + i, 1, "Drug " + i, null,
                        "1 mg", "daily", 30, 30, 2, TODAY, TODAY.plusDays(100), "Dr", ControlledSchedule.NONE, null,
                        null, PrescriptionStatus.ACTIVE, T0));
                entries.add(new HistoryEntry(HistoryEntryId.newId(), patient, HistoryCategory.VITAL, EntrySource.CLINIC,
                        "v-" + i, 1, null, "Pulse", null, "72", "bpm", T0.minusSeconds(i), EntryStatus.RECORDED, T0,
                        null, null, null));
            }
            int before = database.dataSource().executions();
            List<List<Boolean>> changed = storage.inTransaction(tx -> List.of(
                    tx.prescriptions().upsertAll(prescriptions), tx.healthHistory().upsertAll(entries)));
            assertThat(database.dataSource().executions() - before).isEqualTo(2);
            assertThat(changed.get(0)).hasSize(500).containsOnly(true);
            assertThat(changed.get(1)).hasSize(500).containsOnly(true);
            List<List<Boolean>> again = storage.inTransaction(tx -> List.of(
                    tx.prescriptions().upsertAll(prescriptions), tx.healthHistory().upsertAll(entries)));
            assertThat(again.get(0)).containsOnly(false);
            assertThat(again.get(1)).containsOnly(false);
        }
    }
}
