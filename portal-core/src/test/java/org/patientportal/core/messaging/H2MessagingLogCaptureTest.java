package org.patientportal.core.messaging;

import org.junit.jupiter.api.DisplayName;
import org.patientportal.core.testing.TestStorages;
import org.patientportal.spi.storage.PortalStorage;

@DisplayName("Messaging log capture (LG-1) on H2")
class H2MessagingLogCaptureTest extends MessagingLogCaptureSuite {
    @Override
    protected PortalStorage newStorage() {
        return TestStorages.h2();
    }
}
