package org.patientportal.core.messaging;

import org.junit.jupiter.api.DisplayName;
import org.patientportal.core.testing.TestStorages;
import org.patientportal.spi.storage.PortalStorage;

@DisplayName("Messaging rules (MS-1..MS-6, IN-1, PX-2, AD-3) on PostgreSQL")
class PostgresMessagingRulesTest extends MessagingRulesSuite {
    @Override
    protected PortalStorage newStorage() {
        return TestStorages.postgres();
    }
}
