package org.patientportal.core.auth;

import org.junit.jupiter.api.DisplayName;
import org.patientportal.core.testing.TestStorages;
import org.patientportal.spi.storage.PortalStorage;

@DisplayName("Login on H2")
class H2LoginTest extends LoginSuite {
    @Override
    protected PortalStorage newStorage() {
        return TestStorages.h2();
    }
}
