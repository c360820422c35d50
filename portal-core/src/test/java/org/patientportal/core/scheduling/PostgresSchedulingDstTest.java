package org.patientportal.core.scheduling;

import org.junit.jupiter.api.DisplayName;
import org.patientportal.core.testing.TestStorages;
import org.patientportal.spi.storage.PortalStorage;

@DisplayName("Scheduling across daylight-saving changes in New York (SC-1, SC-2, SC-5) on PostgreSQL")
class PostgresSchedulingDstTest extends SchedulingDstSuite {
    @Override
    protected PortalStorage newStorage() {
        return TestStorages.postgres();
    }
}
