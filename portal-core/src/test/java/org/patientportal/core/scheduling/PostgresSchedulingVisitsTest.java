package org.patientportal.core.scheduling;

import org.junit.jupiter.api.DisplayName;
import org.patientportal.core.testing.TestStorages;
import org.patientportal.spi.storage.PortalStorage;

@DisplayName("Visits, reminders, wait list and idempotency (SC-5, SC-6, SC-7, IN-1) on PostgreSQL")
class PostgresSchedulingVisitsTest extends SchedulingVisitsSuite {
    @Override
    protected PortalStorage newStorage() {
        return TestStorages.postgres();
    }
}
