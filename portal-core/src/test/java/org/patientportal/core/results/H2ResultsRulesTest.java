package org.patientportal.core.results;

import org.junit.jupiter.api.DisplayName;
import org.patientportal.core.testing.TestStorages;
import org.patientportal.spi.storage.PortalStorage;

@DisplayName("Results rules (RS-1..RS-8) on H2")
class H2ResultsRulesTest extends ResultsRulesSuite {
    @Override
    protected PortalStorage newStorage() {
        return TestStorages.h2();
    }
}
