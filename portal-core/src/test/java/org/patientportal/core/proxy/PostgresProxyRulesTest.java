package org.patientportal.core.proxy;

import org.junit.jupiter.api.DisplayName;
import org.patientportal.core.testing.TestStorages;
import org.patientportal.spi.storage.PortalStorage;

@DisplayName("Proxy rules (PX-1, PX-3) and the access policy on PostgreSQL")
class PostgresProxyRulesTest extends ProxyRulesSuite {
    @Override
    protected PortalStorage storage() {
        return TestStorages.postgres();
    }
}
