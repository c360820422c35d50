package org.patientportal.core.results;

import org.junit.jupiter.api.DisplayName;
import org.patientportal.core.testing.TestStorages;
import org.patientportal.spi.storage.PortalStorage;

@DisplayName("Results bad input (IN-2, RS-2) on PostgreSQL")
class PostgresResultsBadInputTest extends ResultsBadInputSuite {
    @Override
    protected PortalStorage newStorage() {
        return TestStorages.postgres();
    }
}
