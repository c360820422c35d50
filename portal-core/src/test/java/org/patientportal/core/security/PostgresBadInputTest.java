package org.patientportal.core.security;

import org.junit.jupiter.api.DisplayName;
import org.patientportal.core.testing.TestStorages;
import org.patientportal.spi.storage.PortalStorage;

@DisplayName("Bad input (IN-2) on Postgres")
class PostgresBadInputTest extends BadInputSuite {
    @Override
    protected PortalStorage newStorage() {
        return TestStorages.postgres();
    }
}
