package org.patientportal.jdbc;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The databases the adapter's own checks run on; the label ends the display name of each run. */
enum DatabaseKind {
    /** H2 in its native mode, a new in-memory database per test. */
    H2("H2") {
        @Override
        TestDatabases.TestDatabase open(Class<?> suite) {
            return TestDatabases.h2();
        }
    },
    /** H2 in PostgreSQL compatibility mode (the H2 statements run in any mode), a new database per test. */
    H2_POSTGRES_MODE("H2 in PostgreSQL mode") {
        @Override
        TestDatabases.TestDatabase open(Class<?> suite) {
            return TestDatabases.h2(";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        }
    },
    /** A real PostgreSQL 17 (embedded): one migrated database per suite class, emptied before each test. */
    POSTGRES("PostgreSQL") {
        @Override
        TestDatabases.TestDatabase open(Class<?> suite) {
            return TestDatabases.emptied(SHARED.computeIfAbsent(suite, c -> TestDatabases.postgresMigrated()));
        }
    };

    private static final Map<Class<?>, TestDatabases.TestDatabase> SHARED = new ConcurrentHashMap<>();

    private final String label;

    DatabaseKind(String label) {
        this.label = label;
    }

    /** A database for a test of {@code suite}, empty. */
    abstract TestDatabases.TestDatabase open(Class<?> suite);

    @Override
    public String toString() {
        return label;
    }
}
