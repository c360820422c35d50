package org.patientportal.jdbc;

/** The scheduling stores' own checks on H2 in its native mode. */
class H2JdbcSchedulingTest extends AbstractJdbcSchedulingTest {
    @Override
    protected TestDatabases.TestDatabase database() {
        return TestDatabases.h2();
    }
}
