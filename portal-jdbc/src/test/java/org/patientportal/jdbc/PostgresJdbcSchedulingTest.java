package org.patientportal.jdbc;

/**
 * The scheduling stores' own checks on a real PostgreSQL 17 (embedded, started by the tests): one
 * database for the class, emptied before each test.
 */
class PostgresJdbcSchedulingTest extends AbstractJdbcSchedulingTest {
    private static TestDatabases.TestDatabase shared;

    @Override
    protected TestDatabases.TestDatabase database() {
        synchronized (PostgresJdbcSchedulingTest.class) {
            if (shared == null) {
                shared = TestDatabases.postgresMigrated();
            }
        }
        return TestDatabases.emptied(shared);
    }
}
