package org.patientportal.jdbc;

/** The adapter's own checks on H2 in PostgreSQL compatibility mode: the H2 statements run in any mode. */
class H2PostgresModeJdbcStorageTest extends AbstractJdbcStorageTest {
    @Override
    protected TestDatabases.TestDatabase database() {
        return TestDatabases.h2(";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
    }
}
