package org.patientportal.core.medications;

import org.junit.jupiter.api.DisplayName;
import org.patientportal.core.testing.TestStorages;
import org.patientportal.spi.storage.PortalStorage;

@DisplayName("Health records rules (HH-1..HH-3) on H2")
class H2HealthRecordsRulesTest extends HealthRecordsRulesSuite {
    @Override
    protected PortalStorage newStorage() {
        return TestStorages.h2();
    }
}
