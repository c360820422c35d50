package org.patientportal.core.auth;

import org.junit.jupiter.api.DisplayName;
import org.patientportal.core.testing.TestStorages;
import org.patientportal.spi.storage.PortalStorage;

@DisplayName("Password on Postgres")
class PostgresPasswordTest extends PasswordSuite {
    @Override
    protected PortalStorage newStorage() {
        return TestStorages.postgres();
    }
}
