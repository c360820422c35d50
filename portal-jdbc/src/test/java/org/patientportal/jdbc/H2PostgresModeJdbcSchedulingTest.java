package org.patientportal.jdbc;

/** The scheduling stores' own checks on H2 in PostgreSQL compatibility mode. */
class H2PostgresModeJdbcSchedulingTest extends AbstractJdbcSchedulingTest {
    @Override
    protected TestDatabases.TestDatabase database() {
        return TestDatabases.h2(";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
    }
}
