package org.patientportal.core.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.patientportal.core.Actor;
import org.patientportal.core.Portal;
import org.patientportal.core.Role;
import org.patientportal.core.testing.MutableClock;
import org.patientportal.core.testing.TestPortals;
import org.patientportal.core.testing.TestStorages;
import org.patientportal.jdbc.JdbcStorage;
import org.patientportal.model.PatientEligibility;
import org.patientportal.testsupport.CountingDataSource;

/**
 * Issue 8: a 10,000-slot weekly template is one transaction of a handful of statement executions
 * (a JDBC batch or one array statement counts once), not one per slot, on H2 and PostgreSQL.
 */
class TemplateRoundTripsTest {
    private static final Actor DESK = Actor.staff("desk-rt", Role.FRONT_DESK);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    @DisplayName("SC-1 a 10,000-slot template is at most 10 statement executions")
    void tenThousandSlots(String kind) {
        CountingDataSource dataSource = new CountingDataSource(
                kind.equals("h2") ? TestStorages.h2DataSource() : TestStorages.postgresDataSource());
        MutableClock clock = MutableClock.start();
        try (JdbcStorage storage = JdbcStorage.create(dataSource)) {
            Portal portal = TestPortals.portal(storage, clock);
            Scheduling scheduling = portal.scheduling();
            DepartmentView department = scheduling.createDepartment(DESK,
                    new CreateDepartment("Round trips", ZoneId.of("America/New_York")));
            ProviderView provider = scheduling.createProvider(DESK, new CreateProvider("Dr. R. Trip"));
            VisitTypeView type = scheduling.createVisitType(DESK, new CreateVisitType("Check", Duration.ofMinutes(10),
                    true, PatientEligibility.ANY));
            // 250 weekdays from the first Monday after the clock, 40 ten-minute slots a day: 10,000
            LocalDate first = LocalDate.ofInstant(clock.instant(), department.zone()).plusDays(1);
            while (first.getDayOfWeek() != DayOfWeek.MONDAY) {
                first = first.plusDays(1);
            }
            WeeklyTemplate template = new WeeklyTemplate(provider.id(), department.id(),
                    EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(9, 0), LocalTime.of(15, 40),
                    Duration.ofMinutes(10), Set.of(type.id()), first, first.plusWeeks(50).minusDays(3));
            int before = dataSource.executions();
            List<OpenedSlot> opened = scheduling.openSlotsFromTemplate(DESK, template);
            int executions = dataSource.executions() - before;
            System.out.println("10,000-slot template on " + kind + ": " + executions + " statement executions");
            assertThat(opened).hasSize(WeeklyTemplate.MAX_SLOTS);
            assertThat(executions).isLessThanOrEqualTo(10);
        }
    }
}
