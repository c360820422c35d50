package org.patientportal.core.scheduling;

import org.junit.jupiter.api.DisplayName;
import org.patientportal.core.testing.TestStorages;
import org.patientportal.spi.storage.PortalStorage;

@DisplayName("Scheduling rules (SC-1..SC-4, request-only visit types) on in memory")
class InMemorySchedulingRulesTest extends SchedulingRulesSuite {
    @Override
    protected PortalStorage newStorage() {
        return TestStorages.inMemory();
    }
}
