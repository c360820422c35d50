package org.patientportal.core.results;

import org.junit.jupiter.api.DisplayName;
import org.patientportal.core.testing.TestStorages;
import org.patientportal.spi.storage.PortalStorage;

@DisplayName("Results logs and notifications (LG-1, NT-3) on H2")
class H2ResultsLogCaptureTest extends ResultsLogCaptureSuite {
    @Override
    protected PortalStorage newStorage() {
        return TestStorages.h2();
    }
}
