package org.patientportal.core.scheduling;

import org.junit.jupiter.api.DisplayName;
import org.patientportal.core.testing.TestStorages;
import org.patientportal.spi.storage.PortalStorage;

@DisplayName("Scheduling bad input changes nothing (IN-2, SC-2) on in memory")
class InMemorySchedulingBadInputTest extends SchedulingBadInputSuite {
    @Override
    protected PortalStorage newStorage() {
        return TestStorages.inMemory();
    }
}
