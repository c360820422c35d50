package org.patientportal.core.security;

import org.junit.jupiter.api.DisplayName;
import org.patientportal.core.testing.TestStorages;
import org.patientportal.spi.storage.PortalStorage;

@DisplayName("Log capture (LG-1, LG-2) on H2")
class H2LogCaptureTest extends LogCaptureSuite {
    @Override
    protected PortalStorage newStorage() {
        return TestStorages.h2();
    }
}
