package org.patientportal.core.medications;

import org.junit.jupiter.api.DisplayName;
import org.patientportal.core.testing.TestStorages;
import org.patientportal.spi.storage.PortalStorage;

@DisplayName("Medications rules (RF-1..RF-7, IN-1) on in memory")
class InMemoryMedicationsRulesTest extends MedicationsRulesSuite {
    @Override
    protected PortalStorage newStorage() {
        return TestStorages.inMemory();
    }
}
