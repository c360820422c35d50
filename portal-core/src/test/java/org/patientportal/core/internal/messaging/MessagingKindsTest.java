package org.patientportal.core.internal.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.notifications.NotificationKinds;

class MessagingKindsTest {
    @Test
    @DisplayName("MS-4 the kinds and the route the messaging service writes are the ones NotificationKinds names")
    void sameKinds() {
        assertThat(MessagingService.MESSAGE_FOR_CLINIC).isEqualTo(NotificationKinds.MESSAGE_FOR_CLINIC);
        assertThat(MessagingService.MESSAGE_RECEIVED).isEqualTo(NotificationKinds.MESSAGE_RECEIVED);
        assertThat(MessagingService.STAFF_ROUTE).isEqualTo(NotificationKinds.STAFF_ROUTE);
        assertThat(MessagingService.STAFF_ROUTE_POOL).isEqualTo(NotificationKinds.STAFF_ROUTE_POOL);
        assertThat(NotificationKinds.STAFF).contains(MessagingService.MESSAGE_FOR_CLINIC);
    }
}
