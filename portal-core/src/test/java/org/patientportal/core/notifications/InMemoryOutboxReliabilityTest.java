package org.patientportal.core.notifications;

import org.junit.jupiter.api.DisplayName;
import org.patientportal.core.testing.TestStorages;
import org.patientportal.spi.storage.PortalStorage;

@DisplayName("Outbox reliability (NT-2) on InMemory")
class InMemoryOutboxReliabilityTest extends OutboxReliabilitySuite {
    @Override
    PortalStorage storage() {
        return TestStorages.inMemory();
    }
}
