package org.patientportal.spi.notification;

import java.util.EnumSet;
import java.util.Set;
import org.patientportal.model.Channel;

/**
 * The notification port: hands one message to an email, SMS or push provider. Called by the
 * outbox dispatcher outside any storage transaction, possibly from several threads and nodes.
 * The {@code NotificationSenderCompatibilityKit} in {@code portal-tck} states the contract as tests.
 */
public interface NotificationSender {
    /**
     * Delivers one notification. Returning normally means the provider accepted it.
     *
     * <ul>
     *   <li>A notification whose {@link Notification#id()} was already delivered is not delivered
     *       again, and the call returns normally.</li>
     *   <li>A channel outside {@link #channels()} fails with a permanent {@link NotificationException}.</li>
     *   <li>Any failure is a {@link NotificationException}, retryable or not; nothing else is thrown.</li>
     * </ul>
     */
    void send(Notification notification);

    /** The channels this sender can deliver. */
    default Set<Channel> channels() {
        return EnumSet.allOf(Channel.class);
    }
}
