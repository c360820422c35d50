package org.patientportal.examples;

import java.io.PrintStream;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.patientportal.model.Channel;
import org.patientportal.spi.notification.Notification;
import org.patientportal.spi.notification.NotificationException;
import org.patientportal.spi.notification.NotificationSender;

/**
 * A {@link NotificationSender} for demos and local development: it prints each notification as one
 * line instead of calling an email, SMS or push provider.
 *
 * <pre>{@code
 * [SMS to +1555...0123] You have a new test result. Log in to view it. [id 0193...:SMS]
 * [EMAIL to ....org] Your password was changed | Your password was changed. If it was not you, call us. [id 0193...:EMAIL]
 * }</pre>
 *
 * <p>The address is masked (its last four characters are kept, and the country and area code of a
 * phone number), since a console is a log. The subject, when there is one, comes before {@code |}.
 * Text is escaped so that a notification is always exactly one line: a backslash, CR, LF and the
 * {@code | [ ]} delimiters are written with a backslash ({@code \\ \r \n \| \[ \]}), other control
 * characters as a backslash, {@code u} and four hex digits. Ids already printed are remembered and
 * not printed again (NT-2: the dispatcher delivers at least once). It passes the
 * {@code NotificationSenderCompatibilityKit}.
 *
 * <p>Thread-safe: sends are serialized, so lines never interleave.
 */
public final class ConsoleNotificationSender implements NotificationSender {
    private final PrintStream out;
    private final Set<Channel> channels;
    private final Set<String> printed = new HashSet<>();
    private String lastPrinted;
    private int failNext;

    /**
     * A sender printing every channel to {@code out}.
     *
     * @param out where the lines go ({@code System.out} in a demo)
     */
    public ConsoleNotificationSender(PrintStream out) {
        this(out, EnumSet.allOf(Channel.class));
    }

    /**
     * A sender printing only some channels to {@code out}; the others are refused as a provider
     * without them would refuse them (a permanent {@link NotificationException}).
     *
     * @param out      where the lines go
     * @param channels the channels it prints, not empty
     */
    public ConsoleNotificationSender(PrintStream out, Set<Channel> channels) {
        this.out = Objects.requireNonNull(out, "out");
        Objects.requireNonNull(channels, "channels");
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("channels must not be empty");
        }
        this.channels = Set.copyOf(EnumSet.copyOf(channels));
    }

    @Override
    public Set<Channel> channels() {
        return channels;
    }

    @Override
    public synchronized void send(Notification notification) {
        Objects.requireNonNull(notification, "notification");
        if (!channels.contains(notification.channel())) {
            throw NotificationException.permanent("channel " + notification.channel() + " is not supported");
        }
        if (printed.contains(notification.id())) {
            return;
        }
        if (failNext > 0) {
            failNext--;
            throw NotificationException.retryable("the console is unavailable (simulated failure)");
        }
        String line = line(notification);
        out.println(line);
        if (out.checkError()) {
            throw NotificationException.retryable("the console could not be written");
        }
        printed.add(notification.id());
        lastPrinted = line;
    }

    /**
     * The last line this sender printed, as printed (without the line separator): what the
     * recipient of the last notification read. A demo's patient reads an emailed code from it.
     *
     * @return the line, or empty before the first print
     */
    public synchronized Optional<String> lastPrinted() {
        return Optional.ofNullable(lastPrinted);
    }

    /** Makes the next {@code count} prints fail with a retryable exception, as a provider outage would (for tests). */
    synchronized void failNext(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative");
        }
        failNext = count;
    }

    /** The line printed for a notification, without the line separator. */
    static String line(Notification n) {
        StringBuilder line = new StringBuilder();
        line.append('[').append(n.channel()).append(" to ").append(escape(mask(n.address()))).append("] ");
        if (!n.subject().isEmpty()) {
            line.append(escape(n.subject())).append(" | ");
        }
        line.append(escape(n.body())).append(" [id ").append(escape(n.id())).append(']');
        return line.toString();
    }

    /**
     * The address as printed: "..." and the last four characters, after the first five (country and
     * area code) of an E.164 number of 12 characters or more; addresses under 8 characters show
     * nothing.
     */
    static String mask(String address) {
        int length = address.length();
        if (length < 8) {
            return "...";
        }
        String prefix = address.startsWith("+") && length >= 12 ? address.substring(0, 5) : "";
        return prefix + "..." + address.substring(length - 4);
    }

    /** Escapes the delimiters and every control character, so the text stays on one line and parses back. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\', '|', '[', ']' -> escaped.append('\\').append(c);
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        escaped.append(String.format("\\u%04x", (int) c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }
}
