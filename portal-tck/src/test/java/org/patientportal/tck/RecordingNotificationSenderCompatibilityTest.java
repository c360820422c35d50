package org.patientportal.tck;

import java.util.List;
import org.patientportal.spi.notification.Notification;
import org.patientportal.spi.notification.NotificationSender;

/** The recording sender keeps the sender contract on every channel. */
class RecordingNotificationSenderCompatibilityTest extends NotificationSenderCompatibilityKit {
    private RecordingNotificationSender sender;

    @Override
    protected NotificationSender createSender() {
        sender = new RecordingNotificationSender();
        return sender;
    }

    @Override
    protected List<Notification> delivered() {
        return sender.delivered();
    }

    @Override
    protected void failNextDeliveries(int count) {
        sender.failNext(count);
    }
}
