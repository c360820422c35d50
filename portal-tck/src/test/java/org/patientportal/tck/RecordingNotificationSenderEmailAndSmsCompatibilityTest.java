package org.patientportal.tck;

import java.util.EnumSet;
import java.util.List;
import org.patientportal.model.Channel;
import org.patientportal.spi.notification.Notification;
import org.patientportal.spi.notification.NotificationSender;

/** A recording sender for email and SMS only keeps the sender contract: push is refused, permanently. */
class RecordingNotificationSenderEmailAndSmsCompatibilityTest extends NotificationSenderCompatibilityKit {
    private RecordingNotificationSender sender;

    @Override
    protected NotificationSender createSender() {
        sender = new RecordingNotificationSender(EnumSet.of(Channel.EMAIL, Channel.SMS));
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
