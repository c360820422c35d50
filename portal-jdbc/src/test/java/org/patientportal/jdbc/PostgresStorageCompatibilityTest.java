package org.patientportal.jdbc;

import java.util.IdentityHashMap;
import java.util.Map;
import org.patientportal.spi.storage.PortalStorage;
import org.patientportal.tck.StorageCompatibilityKit;

/**
 * The storage compatibility kit on a real PostgreSQL 17 (embedded, one server per test JVM), one
 * database for the class (copied from a migrated template, emptied before each test), behind a
 * HikariCP pool as in production. {@code JdbcStorage.create} runs on it before every test, so the
 * start-up path (detection, checksum verification) runs once per contract too.
 */
class PostgresStorageCompatibilityTest extends StorageCompatibilityKit {
    private final Map<PortalStorage, TestDatabases.TestDatabase> databases = new IdentityHashMap<>();

    /** One database for the class, emptied before each test: a new database per test costs 0.4 s. */
    private static TestDatabases.TestDatabase shared;

    @Override
    protected PortalStorage createStorage() {
        synchronized (PostgresStorageCompatibilityTest.class) {
            if (shared == null) {
                shared = TestDatabases.postgresMigrated();
            }
        }
        TestDatabases.TestDatabase database = TestDatabases.emptied(shared);
        PortalStorage storage = JdbcStorage.create(database.dataSource());
        databases.put(storage, database);
        return storage;
    }

    @Override
    protected void closeStorage(PortalStorage storage) {
        storage.close();
        databases.remove(storage).close();
    }

    @Override
    protected void breakStorage(PortalStorage storage) {
        databases.get(storage).dataSource().breakIt();
    }
}
