package org.patientportal.core.notifications;

import org.junit.jupiter.api.DisplayName;
import org.patientportal.core.testing.TestStorages;
import org.patientportal.spi.storage.PortalStorage;

@DisplayName("Notifications (NT-1, NT-2, EN-1, AU-7) on InMemory")
class InMemoryNotificationsTest extends NotificationsSuite {
    @Override
    PortalStorage storage() {
        return TestStorages.inMemory();
    }
}
