package org.patientportal.core.security;

import org.junit.jupiter.api.DisplayName;
import org.patientportal.core.testing.TestStorages;
import org.patientportal.spi.storage.PortalStorage;

@DisplayName("Enumeration (EN-5, EN-8, AU-4, AU-5) on InMemory")
class InMemoryEnumerationTest extends EnumerationSuite {
    @Override
    protected PortalStorage newStorage() {
        return TestStorages.inMemory();
    }
}
