package org.patientportal.core.medications;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.Portal;
import org.patientportal.core.testing.TestStorages;
import org.patientportal.spi.storage.PortalStorage;

@DisplayName("Medications and health records under concurrency (RF-2, RF-7, HH-2, IN-1) on PostgreSQL")
class PostgresMedicationsConcurrencyTest extends MedicationsConcurrencySuite {
    @Override
    protected PortalStorage newStorage() {
        return TestStorages.postgres();
    }

    @Test
    @DisplayName("RF-2 / RF-7 across nodes: two portals on one PostgreSQL database: one open request per prescription, one decision per request, no lost or double decrement")
    void twoNodesOneDatabase() throws Exception {
        PortalStorage secondStorage = TestStorages.sameDatabase(storage);
        try {
            Portal secondNode = newPortal(secondStorage);
            oneOpenRequest(portal, secondNode);
            oneDecision(portal, secondNode);
            noLostDecrement(portal, secondNode);
        } finally {
            secondStorage.close();
        }
    }
}
