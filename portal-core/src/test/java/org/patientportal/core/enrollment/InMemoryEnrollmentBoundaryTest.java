package org.patientportal.core.enrollment;

import org.junit.jupiter.api.DisplayName;
import org.patientportal.core.testing.TestStorages;
import org.patientportal.spi.storage.PortalStorage;

@DisplayName("Enrollment roles, input, idempotency and audit on InMemory")
class InMemoryEnrollmentBoundaryTest extends EnrollmentBoundaryTest {
    @Override
    protected PortalStorage storage() {
        return TestStorages.inMemory();
    }
}
