package org.patientportal.core.scheduling;

import org.junit.jupiter.api.DisplayName;
import org.patientportal.core.testing.TestStorages;
import org.patientportal.spi.storage.PortalStorage;

@DisplayName("Scheduling log capture (LG-1, LG-2) on in memory")
class InMemorySchedulingLogCaptureTest extends SchedulingLogCaptureSuite {
    @Override
    protected PortalStorage newStorage() {
        return TestStorages.inMemory();
    }
}
