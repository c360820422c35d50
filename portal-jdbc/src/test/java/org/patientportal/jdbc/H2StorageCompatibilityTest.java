package org.patientportal.jdbc;

import java.util.IdentityHashMap;
import java.util.Map;
import org.patientportal.spi.storage.PortalStorage;
import org.patientportal.tck.StorageCompatibilityKit;

/**
 * The storage compatibility kit on H2 2.3, in-memory, one fresh database per test, in H2's native
 * mode (what a host gets from a plain {@code jdbc:h2:} URL; the adapter's H2 statements are
 * written to run in any H2 mode, and {@link MigrationTest} also runs them in PostgreSQL mode).
 */
class H2StorageCompatibilityTest extends StorageCompatibilityKit {
    private final Map<PortalStorage, TestDatabases.TestDatabase> databases = new IdentityHashMap<>();

    @Override
    protected PortalStorage createStorage() {
        TestDatabases.TestDatabase database = TestDatabases.h2();
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
