package org.patientportal.core.audit;

import org.junit.jupiter.api.DisplayName;
import org.patientportal.core.testing.TestStorages;
import org.patientportal.spi.storage.PortalStorage;

@DisplayName("Audit log (AD) on Postgres, tampered with plain SQL")
class PostgresAuditLogTest extends JdbcAuditLogTest {
    @Override
    protected PortalStorage storage() {
        return TestStorages.postgres();
    }
}
