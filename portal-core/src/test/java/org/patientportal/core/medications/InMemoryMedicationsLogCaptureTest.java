package org.patientportal.core.medications;

import org.junit.jupiter.api.DisplayName;
import org.patientportal.core.testing.TestStorages;
import org.patientportal.spi.storage.PortalStorage;

@DisplayName("Medications and health records logging (LG-1) on in memory")
class InMemoryMedicationsLogCaptureTest extends MedicationsLogCaptureSuite {
    @Override
    protected PortalStorage newStorage() {
        return TestStorages.inMemory();
    }
}
