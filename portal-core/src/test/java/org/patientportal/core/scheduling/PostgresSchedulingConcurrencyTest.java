package org.patientportal.core.scheduling;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.Portal;
import org.patientportal.core.testing.TestStorages;
import org.patientportal.spi.storage.PortalStorage;

@DisplayName("Scheduling under concurrency (SC-3, SC-4, IN-1) on PostgreSQL")
class PostgresSchedulingConcurrencyTest extends SchedulingConcurrencySuite {
    @Override
    protected PortalStorage newStorage() {
        return TestStorages.postgres();
    }

    @Test
    @DisplayName("SC-3 across nodes: 64 threads split over two portals on one PostgreSQL database, 50 slots: exactly 50 appointments and 50 booked slots")
    void twoNodesOneDatabase() throws Exception {
        PortalStorage secondStorage = TestStorages.sameDatabase(storage);
        try {
            Portal secondNode = newPortal(secondStorage);
            raceForFiftySlots(portal, secondNode);
        } finally {
            secondStorage.close();
        }
    }
}
