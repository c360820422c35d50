package org.patientportal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.patientportal.model.Department;
import org.patientportal.model.DepartmentId;
import org.patientportal.model.PatientEligibility;
import org.patientportal.model.Provider;
import org.patientportal.model.ProviderId;
import org.patientportal.model.Slot;
import org.patientportal.model.VisitType;
import org.patientportal.model.VisitTypeId;

/**
 * Issue 8: the 10,000 slots of a template are stored with a constant number of statement
 * executions (lock, one overlap query, one insert), not one per slot, on H2 and PostgreSQL.
 */
class SlotBatchRoundTripsTest {
    private static final Instant DAY = Instant.parse("2026-04-06T13:00:00Z");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    @DisplayName("SC-1 10,000 slots without overlap are three statement executions")
    void tenThousandSlots(String kind) throws Exception {
        try (TestDatabases.TestDatabase database = kind.equals("h2") ? TestDatabases.h2() : TestDatabases.postgres();
             JdbcStorage storage = JdbcStorage.create(database.dataSource())) {
            Provider provider = new Provider(ProviderId.newId(), "Dr. Batch", true, 0);
            Department department = new Department(DepartmentId.newId(), "Batch", ZoneId.of("America/New_York"), 0);
            VisitType type = new VisitType(VisitTypeId.newId(), "Check", Duration.ofMinutes(10), true,
                    PatientEligibility.ANY, true, 0);
            storage.inTransaction(tx -> {
                Fixtures.insertClinic(tx, department, provider, type);
                return null;
            });
            List<Slot> slots = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                Instant start = DAY.plus(Duration.ofMinutes(10L * i));
                slots.add(Slot.open(provider.id(), department.id(), start, start.plus(Duration.ofMinutes(10)),
                        Set.of(type.id())));
            }
            int before = database.dataSource().executions();
            storage.inTransaction(tx -> {
                tx.slots().insertAllWithoutOverlap(slots);
                return null;
            });
            assertThat(database.dataSource().executions() - before).isEqualTo(3);
            List<Slot> stored = storage.inTransaction(tx -> tx.slots().overlapping(provider.id(), DAY,
                    DAY.plus(Duration.ofDays(100))));
            assertThat(stored).hasSize(10_000);
        }
    }
}
