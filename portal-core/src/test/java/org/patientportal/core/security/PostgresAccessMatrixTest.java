package org.patientportal.core.security;

import org.junit.jupiter.api.DisplayName;
import org.patientportal.core.testing.TestStorages;
import org.patientportal.spi.storage.PortalStorage;

@DisplayName("Cross-patient access matrix on PostgreSQL")
class PostgresAccessMatrixTest extends AccessMatrixSuite {
    @Override
    protected PortalStorage storage() {
        return TestStorages.postgres();
    }
}
