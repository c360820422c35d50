package org.patientportal.spi.notification;

import java.util.Objects;
import org.patientportal.model.Channel;

/**
 * One message to hand to a provider. The text comes from a template and carries no PHI (NT-3).
 *
 * @param id      stable across retries of the same outbox entry and channel: a sender drops a
 *                second delivery with an id it already delivered (NT-2 is at-least-once)
 * @param channel email, SMS or push
 * @param address the email address, E.164 mobile number or push device address on file
 * @param kind    the event kind ({@code "password-changed"}, ...)
 * @param subject a short subject (email, push title); may be empty for SMS
 * @param body    the text
 */
public record Notification(String id, Channel channel, String address, String kind, String subject, String body) {
    public Notification {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(body, "body");
    }

    /** Prints ids and kinds only: the address is personal data. */
    @Override
    public String toString() {
        return "Notification[id=" + id + ", channel=" + channel + ", kind=" + kind + "]";
    }
}
