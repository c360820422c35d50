package org.patientportal.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.model.Channel;
import org.patientportal.spi.notification.Notification;
import org.patientportal.tck.RecordingNotificationSender;

class NotificationAssertTest {
    private static final String DANA = "dana@example.org";

    private static Notification changed(int entry, String address) {
        return new Notification("entry-" + entry + ":EMAIL", Channel.EMAIL, address, "password-changed",
                "Your password was changed", "Your password was changed. If it was not you, call us.");
    }

    private final RecordingNotificationSender sender = new RecordingNotificationSender();

    @Test
    @DisplayName("passes on what was delivered: exactly one of a kind to an address, none of another, no text")
    void passes() {
        sender.send(changed(1, DANA));
        sender.send(changed(2, "ben@example.org"));
        assertThatCode(() -> NotificationAssert.assertThat(sender)
                .hasDelivered(2)
                .hasExactlyOne("password-changed", DANA)
                .hasNone("activation-code")
                .noneContains("Rivers"))
                .doesNotThrowAnyException();
        sender.clear();
        assertThatCode(() -> NotificationAssert.assertThat(sender).hasDeliveredNothing()).doesNotThrowAnyException();
    }

    @Test
    @DisplayName("exactly one fails on none and on two, and lists what was delivered")
    void exactlyOneFails() {
        sender.send(changed(1, "ben@example.org"));
        assertThatThrownBy(() -> NotificationAssert.assertThat(sender).hasExactlyOne("password-changed", DANA))
                .isInstanceOf(AssertionError.class)
                .hasMessage("Expected exactly one <password-changed> notification to <dana@example.org> but found 0"
                        + " among the 1 delivered: [password-changed to ben@example.org (EMAIL, id entry-1:EMAIL)]");
        sender.send(changed(2, DANA));
        sender.send(changed(3, DANA));
        assertThatThrownBy(() -> NotificationAssert.assertThat(sender).hasExactlyOne("password-changed", DANA))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("but found 2 among the 3 delivered");
    }

    @Test
    @DisplayName("exactly one to a patient matches their email or mobile on file")
    void toPatient() {
        SignedInPatient dana = TestPortal.inMemory().signedInPatient(p -> p.withMobile("+15555550123"));
        sender.send(new Notification("entry-1:SMS", Channel.SMS, "+15555550123", "appointment-reminder", "",
                "You have an appointment soon."));
        NotificationAssert.assertThat(sender).hasExactlyOne("appointment-reminder", dana);
        assertThatThrownBy(() -> NotificationAssert.assertThat(sender).hasExactlyOne("password-changed", dana))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to patient <" + dana.patientId() + "> [" + dana.email() + ", +15555550123]");
    }

    @Test
    @DisplayName("NT-3: noneContains fails on text in a subject or body, ignoring case, and names the notification")
    void noneContainsFails() {
        sender.send(new Notification("entry-7:EMAIL", Channel.EMAIL, DANA, "result-released", "A new result",
                "Your HbA1c result is ready."));
        assertThatThrownBy(() -> NotificationAssert.assertThat(sender).noneContains("hba1c"))
                .isInstanceOf(AssertionError.class)
                .hasMessage("Expected no notification to contain <hba1c> but the body of result-released to"
                        + " dana@example.org (EMAIL, id entry-7:EMAIL) does: <Your HbA1c result is ready.>");
        assertThatThrownBy(() -> NotificationAssert.assertThat(sender).noneContains("NEW RESULT"))
                .hasMessageContaining("the subject of result-released");
        assertThatThrownBy(() -> NotificationAssert.assertThat(sender).noneContains(""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("counts and kinds fail with what was delivered, under the test's own description")
    void countAndKindFail() {
        sender.send(changed(1, DANA));
        assertThatThrownBy(() -> NotificationAssert.assertThat(sender).as("after sign-up").hasDeliveredNothing())
                .hasMessage("[after sign-up] Expected 0 notification(s) to be delivered but 1 were:"
                        + " [password-changed to dana@example.org (EMAIL, id entry-1:EMAIL)]");
        assertThatThrownBy(() -> NotificationAssert.assertThat(sender).hasNone("password-changed"))
                .hasMessageStartingWith("Expected no <password-changed> notification but 1 were delivered");
        assertThat(sender.deliveredTo(DANA)).hasSize(1);
    }
}
