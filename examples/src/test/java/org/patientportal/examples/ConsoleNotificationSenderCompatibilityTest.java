package org.patientportal.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.model.Channel;
import org.patientportal.spi.notification.Notification;
import org.patientportal.spi.notification.NotificationException;
import org.patientportal.spi.notification.NotificationSender;
import org.patientportal.tck.NotificationSenderCompatibilityKit;

/**
 * The console sender keeps the sender contract. Its "provider" is the console: the lines it
 * printed are parsed back into notifications; the address comes back masked, as printed. It is
 * set up for email and SMS only, so that the unsupported-channel contract runs too.
 */
class ConsoleNotificationSenderCompatibilityTest extends NotificationSenderCompatibilityKit {
    private ByteArrayOutputStream console;
    private ConsoleNotificationSender sender;

    @Override
    protected NotificationSender createSender() {
        console = new ByteArrayOutputStream();
        sender = new ConsoleNotificationSender(new PrintStream(console, true, StandardCharsets.UTF_8),
                EnumSet.of(Channel.EMAIL, Channel.SMS));
        return sender;
    }

    @Override
    protected List<Notification> delivered() {
        List<Notification> delivered = new ArrayList<>();
        for (String line : console.toString(StandardCharsets.UTF_8).split("\\R")) {
            if (!line.isEmpty()) {
                delivered.add(parse(line));
            }
        }
        return delivered;
    }

    @Override
    protected void failNextDeliveries(int count) {
        sender.failNext(count);
    }

    @Override
    protected String addressAsDelivered(String address) {
        return ConsoleNotificationSender.mask(address);
    }

    @Test
    @DisplayName("prints one line per notification: channel, masked address, subject, body and id")
    void lineFormat() {
        sender.send(new Notification("e1:SMS", Channel.SMS, "+15555550123", "test-result", "",
                "You have a new test result. Log in to view it."));
        sender.send(new Notification("e2:EMAIL", Channel.EMAIL, "ada.lovelace@example.org", "password-changed",
                "Password changed", "Line one\nline | two [x] \\ end"));
        assertThat(console.toString(StandardCharsets.UTF_8).split("\\R")).containsExactly(
                "[SMS to +1555...0123] You have a new test result. Log in to view it. [id e1:SMS]",
                "[EMAIL to ....org] Password changed | Line one\\nline \\| two \\[x\\] \\\\ end [id e2:EMAIL]");
    }

    @Test
    @DisplayName("tells the last line it printed; a duplicate, a failed or a refused send does not change it")
    void lastPrinted() {
        assertThat(sender.lastPrinted()).isEmpty();
        sender.send(new Notification("e1:EMAIL", Channel.EMAIL, "ada.lovelace@example.org", "activation-code",
                "Your code", "Your code is ABCDE-FGHJK-MNPQR."));
        String first = "[EMAIL to ....org] Your code | Your code is ABCDE-FGHJK-MNPQR. [id e1:EMAIL]";
        assertThat(sender.lastPrinted()).contains(first);
        sender.send(new Notification("e1:EMAIL", Channel.EMAIL, "ada.lovelace@example.org", "activation-code",
                "Your code", "a redelivery is not printed again"));
        sender.failNext(1);
        assertThatThrownBy(() -> sender.send(new Notification("e2:SMS", Channel.SMS, "+15555550123",
                "test-result", "", "not printed"))).isInstanceOf(NotificationException.class);
        assertThatThrownBy(() -> sender.send(new Notification("e3:PUSH", Channel.PUSH, "device-token-1",
                "test-result", "", "not printed"))).isInstanceOf(NotificationException.class);
        assertThat(sender.lastPrinted()).contains(first);
        assertThat(console.toString(StandardCharsets.UTF_8).split("\\R")).containsExactly(first);
    }

    @Test
    @DisplayName("masks every address down to its last four characters (and an E.164 number's country and area code)")
    void masking() {
        assertThat(ConsoleNotificationSender.mask("+15555550123")).isEqualTo("+1555...0123");
        assertThat(ConsoleNotificationSender.mask("+4915123")).isEqualTo("...5123");
        assertThat(ConsoleNotificationSender.mask("ada.lovelace@example.org")).isEqualTo("....org");
        assertThat(ConsoleNotificationSender.mask("short")).isEqualTo("...");
        assertThat(ConsoleNotificationSender.escape("a\u0007b\u2028c")).isEqualTo("a\\u0007b\\u2028c");
    }

    /** Parses a printed line back: {@code [CHANNEL to masked] subject | body [id id]}, with backslash escapes. */
    private static Notification parse(String line) {
        int to = line.indexOf(" to ");
        Channel channel = Channel.valueOf(line.substring(1, to));
        int addressEnd = indexOfUnescaped(line, "] ", to);
        int idStart = indexOfUnescaped(line, " [id ", addressEnd + 2);
        assertThat(line).as("a printed line").endsWith("]");
        String middle = line.substring(addressEnd + 2, idStart);
        int bar = indexOfUnescaped(middle, " | ", 0);
        String subject = bar < 0 ? "" : unescape(middle.substring(0, bar));
        String body = unescape(bar < 0 ? middle : middle.substring(bar + 3));
        String address = unescape(line.substring(to + 4, addressEnd));
        String id = unescape(line.substring(idStart + 5, line.length() - 1));
        return new Notification(id, channel, address, "unknown", subject, body);
    }

    private static int indexOfUnescaped(String s, String token, int from) {
        for (int i = from; i < s.length(); i++) {
            if (s.charAt(i) == '\\') {
                i++;
            } else if (s.startsWith(token, i)) {
                return i;
            }
        }
        return -1;
    }

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char next = s.charAt(++i);
            switch (next) {
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 'u' -> {
                    out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> out.append(next);
            }
        }
        return out.toString();
    }
}
