package org.patientportal.core.messaging;

import org.junit.jupiter.api.DisplayName;
import org.patientportal.core.testing.TestStorages;
import org.patientportal.spi.storage.PortalStorage;

@DisplayName("Messaging bad input (IN-2) on in memory")
class InMemoryMessagingBadInputTest extends MessagingBadInputSuite {
    @Override
    protected PortalStorage newStorage() {
        return TestStorages.inMemory();
    }
}
