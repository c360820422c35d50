package org.patientportal.jdbc;

/** The adapter's own checks on H2 in its native mode. */
class H2JdbcStorageTest extends AbstractJdbcStorageTest {
    @Override
    protected TestDatabases.TestDatabase database() {
        return TestDatabases.h2();
    }
}
