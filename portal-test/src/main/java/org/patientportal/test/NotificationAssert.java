package org.patientportal.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;
import org.jspecify.annotations.Nullable;
import org.patientportal.spi.notification.Notification;
import org.patientportal.tck.RecordingNotificationSender;

/**
 * AssertJ assertions on what a {@link RecordingNotificationSender} delivered. Each assertion looks
 * at what is delivered when it runs; a failure lists what was delivered (kind, channel and
 * address of each).
 *
 * <pre>{@code
 * clinic.dispatch();
 * NotificationAssert.assertThat(clinic.sender())
 *         .hasExactlyOne("password-changed", dana)
 *         .noneContains(dana.details().familyName());
 * }</pre>
 */
public final class NotificationAssert extends AbstractAssert<NotificationAssert, RecordingNotificationSender> {

    private NotificationAssert(RecordingNotificationSender actual) {
        super(actual, NotificationAssert.class);
    }

    /**
     * Assertions on what a sender delivered.
     *
     * @param sender the sender, for example {@link TestPortal#sender()}
     * @return the assertion object
     */
    public static NotificationAssert assertThat(RecordingNotificationSender sender) {
        return new NotificationAssert(sender);
    }

    /**
     * Verifies that nothing was delivered.
     *
     * @return this
     */
    public NotificationAssert hasDeliveredNothing() {
        return hasDelivered(0);
    }

    /**
     * Verifies how many notifications were delivered, of any kind, to anyone.
     *
     * @param count the expected number
     * @return this
     */
    public NotificationAssert hasDelivered(int count) {
        List<Notification> delivered = delivered();
        if (delivered.size() != count) {
            failWithMessage("Expected %d notification(s) to be delivered but %d were: %s", count, delivered.size(),
                    describe(delivered));
        }
        return this;
    }

    /**
     * Verifies that exactly one notification of {@code kind} was delivered to {@code address}.
     *
     * @param kind    the kind, for example {@code "password-changed"}
     *                ({@code org.patientportal.core.notifications.NotificationKinds})
     * @param address the email address, E.164 mobile number or push address, compared exactly
     * @return this
     */
    public NotificationAssert hasExactlyOne(String kind, String address) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(address, "address");
        return hasExactlyOne(kind, List.of(address), "<" + address + ">");
    }

    /**
     * Verifies that exactly one notification of {@code kind} was delivered to the patient: to their
     * email address or mobile number on file, on any channel but push.
     *
     * @param kind    the kind, for example {@code "password-changed"}
     * @param patient the patient
     * @return this
     */
    public NotificationAssert hasExactlyOne(String kind, SignedInPatient patient) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(patient, "patient");
        List<String> addresses = new ArrayList<>(2);
        if (patient.details().email() != null) {
            addresses.add(patient.details().email());
        }
        if (patient.details().mobile() != null) {
            addresses.add(patient.details().mobile());
        }
        return hasExactlyOne(kind, addresses, "patient <" + patient.patientId() + "> " + addresses);
    }

    private NotificationAssert hasExactlyOne(String kind, List<String> addresses, String to) {
        List<Notification> delivered = delivered();
        long matching = delivered.stream()
                .filter(n -> n.kind().equals(kind) && addresses.contains(n.address()))
                .count();
        if (matching != 1) {
            failWithMessage("Expected exactly one <%s> notification to %s but found %d among the %d delivered: %s",
                    kind, to, matching, delivered.size(), describe(delivered));
        }
        return this;
    }

    /**
     * Verifies that no notification of {@code kind} was delivered, to anyone.
     *
     * @param kind the kind
     * @return this
     */
    public NotificationAssert hasNone(String kind) {
        Objects.requireNonNull(kind, "kind");
        List<Notification> delivered = delivered();
        List<Notification> ofKind = delivered.stream().filter(n -> n.kind().equals(kind)).toList();
        if (!ofKind.isEmpty()) {
            failWithMessage("Expected no <%s> notification but %d were delivered: %s", kind, ofKind.size(),
                    describe(ofKind));
        }
        return this;
    }

    /**
     * Verifies that no delivered notification holds {@code text} in its subject or body, ignoring
     * case: a patient's name, a test name, a code. Notifications carry no PHI (NT-3).
     *
     * @param text the text, not empty
     * @return this
     * @throws IllegalArgumentException if {@code text} is empty
     */
    public NotificationAssert noneContains(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            throw new IllegalArgumentException("text must not be empty");
        }
        String needle = text.toLowerCase(Locale.ROOT);
        for (Notification n : delivered()) {
            @Nullable String field = n.subject().toLowerCase(Locale.ROOT).contains(needle) ? "subject"
                    : n.body().toLowerCase(Locale.ROOT).contains(needle) ? "body" : null;
            if (field != null) {
                failWithMessage("Expected no notification to contain <%s> but the %s of %s does: <%s>", text, field,
                        describe(n), field.equals("subject") ? n.subject() : n.body());
            }
        }
        return this;
    }

    private List<Notification> delivered() {
        isNotNull();
        return actual.delivered();
    }

    private static String describe(List<Notification> notifications) {
        return notifications.stream().map(NotificationAssert::describe).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String describe(Notification n) {
        return n.kind() + " to " + n.address() + " (" + n.channel() + ", id " + n.id() + ")";
    }
}
