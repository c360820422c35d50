package org.patientportal.core.notifications;

import org.junit.jupiter.api.DisplayName;
import org.patientportal.core.testing.TestStorages;
import org.patientportal.spi.storage.PortalStorage;

@DisplayName("Outbox reliability (NT-2) on Postgres")
class PostgresOutboxReliabilityTest extends OutboxReliabilitySuite {
    @Override
    PortalStorage storage() {
        return TestStorages.postgres();
    }

    @Override
    PortalStorage sameDatabase(PortalStorage storage) {
        return TestStorages.sameDatabase(storage);
    }
}
