package org.patientportal.core.enrollment;

import org.junit.jupiter.api.DisplayName;
import org.patientportal.core.testing.TestStorages;
import org.patientportal.spi.storage.PortalStorage;

@DisplayName("Enrollment rules (EN) on H2")
class H2EnrollmentRulesTest extends EnrollmentRulesTest {
    @Override
    protected PortalStorage storage() {
        return TestStorages.h2();
    }
}
