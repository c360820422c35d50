package org.patientportal.core.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
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
            int before = dataSource.executions.get();
            List<OpenedSlot> opened = scheduling.openSlotsFromTemplate(DESK, template);
            int executions = dataSource.executions.get() - before;
            System.out.println("10,000-slot template on " + kind + ": " + executions + " statement executions");
            assertThat(opened).hasSize(WeeklyTemplate.MAX_SLOTS);
            assertThat(executions).isLessThanOrEqualTo(10);
        }
    }

    /** Counts statement executions ({@code execute*} calls, a whole batch counting once). */
    private static final class CountingDataSource implements DataSource {
        private final DataSource target;
        final AtomicInteger executions = new AtomicInteger();

        CountingDataSource(DataSource target) {
            this.target = target;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return wrap(target.getConnection());
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return wrap(target.getConnection(username, password));
        }

        private Connection wrap(Connection connection) {
            InvocationHandler handler = (proxy, method, args) -> {
                Object result = invoke(connection, method, args);
                if (method.getName().equals("prepareStatement") || method.getName().equals("createStatement")) {
                    Statement statement = (Statement) result;
                    Class<?> face = method.getReturnType() == PreparedStatement.class
                            ? PreparedStatement.class : Statement.class;
                    return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {face},
                            (p, m, a) -> {
                                if (m.getName().startsWith("execute")) {
                                    executions.incrementAndGet();
                                }
                                return invoke(statement, m, a);
                            });
                }
                return result;
            };
            return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                    handler);
        }

        private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return target.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            target.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            target.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return target.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getLogger("org.patientportal");
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
