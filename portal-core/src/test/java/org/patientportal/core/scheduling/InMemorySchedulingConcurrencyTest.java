package org.patientportal.core.scheduling;

import org.junit.jupiter.api.DisplayName;
import org.patientportal.core.testing.TestStorages;
import org.patientportal.spi.storage.PortalStorage;

@DisplayName("Scheduling under concurrency (SC-3, SC-4, IN-1) on in memory")
class InMemorySchedulingConcurrencyTest extends SchedulingConcurrencySuite {
    @Override
    protected PortalStorage newStorage() {
        return TestStorages.inMemory();
    }
}
