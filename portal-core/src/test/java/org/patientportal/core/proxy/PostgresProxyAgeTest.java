package org.patientportal.core.proxy;

import org.junit.jupiter.api.DisplayName;
import org.patientportal.core.testing.TestStorages;
import org.patientportal.spi.storage.PortalStorage;

@DisplayName("Proxy ages to the day (PX-2) on PostgreSQL")
class PostgresProxyAgeTest extends ProxyAgeSuite {
    @Override
    protected PortalStorage storage() {
        return TestStorages.postgres();
    }
}
