package org.patientportal.core.audit;

import org.junit.jupiter.api.DisplayName;
import org.patientportal.core.testing.TestStorages;
import org.patientportal.spi.storage.PortalStorage;

@DisplayName("Audit log (AD) on H2, tampered with plain SQL")
class H2AuditLogTest extends JdbcAuditLogTest {
    @Override
    protected PortalStorage storage() {
        return TestStorages.h2();
    }
}
