package org.patientportal.core.medications;

import org.junit.jupiter.api.DisplayName;
import org.patientportal.core.testing.TestStorages;
import org.patientportal.spi.storage.PortalStorage;

@DisplayName("Medications and health records under concurrency (RF-2, RF-7, HH-2, IN-1) on in memory")
class InMemoryMedicationsConcurrencyTest extends MedicationsConcurrencySuite {
    @Override
    protected PortalStorage newStorage() {
        return TestStorages.inMemory();
    }
}
