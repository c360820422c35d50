package org.patientportal.core.security;

import org.junit.jupiter.api.DisplayName;
import org.patientportal.core.testing.TestStorages;
import org.patientportal.spi.storage.PortalStorage;

@DisplayName("Cross-patient access matrix on H2")
class H2AccessMatrixTest extends AccessMatrixSuite {
    @Override
    protected PortalStorage storage() {
        return TestStorages.h2();
    }
}
