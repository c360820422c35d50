package org.patientportal.core.security;

import org.junit.jupiter.api.DisplayName;
import org.patientportal.core.testing.TestStorages;
import org.patientportal.spi.storage.PortalStorage;

@DisplayName("Bad input (IN-2) on H2")
class H2BadInputTest extends BadInputSuite {
    @Override
    protected PortalStorage newStorage() {
        return TestStorages.h2();
    }
}
