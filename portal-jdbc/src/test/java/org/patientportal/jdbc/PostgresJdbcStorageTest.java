package org.patientportal.jdbc;

/**
 * The adapter's own checks on a real PostgreSQL 17 (embedded, started by the tests): one database
 * for the class, emptied before each test.
 */
class PostgresJdbcStorageTest extends AbstractJdbcStorageTest {
    private static TestDatabases.TestDatabase shared;

    @Override
    protected TestDatabases.TestDatabase database() {
        synchronized (PostgresJdbcStorageTest.class) {
            if (shared == null) {
                shared = TestDatabases.postgresMigrated();
            }
        }
        return TestDatabases.emptied(shared);
    }
}
