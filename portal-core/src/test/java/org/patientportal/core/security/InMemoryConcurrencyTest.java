package org.patientportal.core.security;

import org.junit.jupiter.api.DisplayName;
import org.patientportal.core.testing.TestStorages;
import org.patientportal.spi.storage.PortalStorage;

@DisplayName("Concurrency (EN-4, EN-6, AU-1, AU-5, IN-1) on InMemory")
class InMemoryConcurrencyTest extends ConcurrencySuite {
    @Override
    protected PortalStorage newStorage() {
        return TestStorages.inMemory();
    }
}
