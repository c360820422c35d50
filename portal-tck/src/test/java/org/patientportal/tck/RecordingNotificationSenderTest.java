package org.patientportal.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.model.Channel;
import org.patientportal.spi.notification.Notification;
import org.patientportal.spi.notification.NotificationException;

/** What core's tests rely on beyond the sender contract: counters, permanent and random failures. */
class RecordingNotificationSenderTest {
    private static Notification notification(int i) {
        return new Notification("entry-" + i + ":EMAIL", Channel.EMAIL, "ada@example.org", "password-changed",
                "Your password was changed", "Your password was changed. If it was not you, call us.");
    }

    @Test
    @DisplayName("counts attempts, failures and duplicates, and tells which ids were delivered")
    void counters() {
        RecordingNotificationSender sender = new RecordingNotificationSender();
        sender.failNext(1);
        assertThat(catchThrowable(() -> sender.send(notification(1)))).isInstanceOf(NotificationException.class);
        sender.send(notification(1));
        sender.send(notification(1));
        sender.send(notification(2));
        assertThat(sender.attempts()).isEqualTo(3);
        assertThat(sender.failures()).isEqualTo(1);
        assertThat(sender.duplicates()).isEqualTo(1);
        assertThat(sender.overlappingSends()).isZero();
        assertThat(sender.wasDelivered("entry-1:EMAIL")).isTrue();
        assertThat(sender.wasDelivered("entry-3:EMAIL")).isFalse();
        assertThat(sender.delivered()).containsExactly(notification(1), notification(2));
    }

    @Test
    @DisplayName("deliveredTo keeps one address's notifications; clear forgets them but still drops a redelivery")
    void byAddressAndClear() {
        RecordingNotificationSender sender = new RecordingNotificationSender();
        Notification toBen = new Notification("entry-9:SMS", Channel.SMS, "+15555550123", "password-changed", "",
                "Your password was changed.");
        sender.send(notification(1));
        sender.send(toBen);
        sender.send(notification(2));
        assertThat(sender.deliveredTo("ada@example.org")).containsExactly(notification(1), notification(2));
        assertThat(sender.deliveredTo("+15555550123")).containsExactly(toBen);
        assertThat(sender.deliveredTo("nobody@example.org")).isEmpty();

        sender.clear();
        assertThat(sender.delivered()).isEmpty();
        assertThat(sender.attempts()).isZero();
        sender.send(notification(1));
        assertThat(sender.delivered()).isEmpty();
        assertThat(sender.duplicates()).isEqualTo(1);
        sender.send(notification(3));
        assertThat(sender.delivered()).containsExactly(notification(3));
    }

    @Test
    @DisplayName("failNextPermanently fails with a permanent exception before the retryable ones")
    void permanent() {
        RecordingNotificationSender sender = new RecordingNotificationSender();
        sender.failNext(1);
        sender.failNextPermanently(1);
        Throwable first = catchThrowable(() -> sender.send(notification(1)));
        Throwable second = catchThrowable(() -> sender.send(notification(1)));
        assertThat(first).isInstanceOfSatisfying(NotificationException.class, e -> assertThat(e.retryable()).isFalse());
        assertThat(second).isInstanceOfSatisfying(NotificationException.class, e -> assertThat(e.retryable()).isTrue());
        sender.send(notification(1));
        assertThat(sender.delivered()).hasSize(1);
    }

    @Test
    @DisplayName("random failures follow the probability and repeat exactly with the same seed")
    void randomFailures() {
        List<Boolean> firstRun = randomRun(42);
        assertThat(randomRun(42)).isEqualTo(firstRun);
        assertThat(randomRun(43)).isNotEqualTo(firstRun);
        long failed = firstRun.stream().filter(f -> f).count();
        assertThat(failed).isBetween(240L, 360L);
    }

    private static List<Boolean> randomRun(long seed) {
        RecordingNotificationSender sender = new RecordingNotificationSender();
        sender.failAtRandom(0.3, seed);
        List<Boolean> failed = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            int n = i;
            failed.add(catchThrowable(() -> sender.send(notification(n))) != null);
        }
        assertThat(sender.delivered()).hasSize((int) failed.stream().filter(f -> !f).count());
        return failed;
    }

    @Test
    @DisplayName("refuses an empty channel set, negative counts and probabilities outside 0 to 1")
    void arguments() {
        assertThatThrownBy(() -> new RecordingNotificationSender(Set.of())).isInstanceOf(IllegalArgumentException.class);
        RecordingNotificationSender sender = new RecordingNotificationSender();
        assertThatThrownBy(() -> sender.failNext(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sender.failNextPermanently(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sender.failAtRandom(1.5, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sender.failAtRandom(Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
