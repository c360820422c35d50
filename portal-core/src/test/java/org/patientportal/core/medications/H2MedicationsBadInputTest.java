package org.patientportal.core.medications;

import org.junit.jupiter.api.DisplayName;
import org.patientportal.core.testing.TestStorages;
import org.patientportal.spi.storage.PortalStorage;

@DisplayName("Medications and health records bad input (IN-2) on H2")
class H2MedicationsBadInputTest extends MedicationsBadInputSuite {
    @Override
    protected PortalStorage newStorage() {
        return TestStorages.h2();
    }
}
