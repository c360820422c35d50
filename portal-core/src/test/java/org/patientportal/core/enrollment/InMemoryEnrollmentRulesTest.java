package org.patientportal.core.enrollment;

import org.junit.jupiter.api.DisplayName;
import org.patientportal.core.testing.TestStorages;
import org.patientportal.spi.storage.PortalStorage;

@DisplayName("Enrollment rules (EN) on InMemory")
class InMemoryEnrollmentRulesTest extends EnrollmentRulesTest {
    @Override
    protected PortalStorage storage() {
        return TestStorages.inMemory();
    }
}
