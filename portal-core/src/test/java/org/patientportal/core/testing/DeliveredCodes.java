package org.patientportal.core.testing;

import java.util.List;
import java.util.Objects;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import org.patientportal.core.Portal;
import org.patientportal.core.enrollment.ActivationCode;
import org.patientportal.core.notifications.NotificationKinds;
import org.patientportal.model.Channel;
import org.patientportal.model.Delivery;
import org.patientportal.spi.notification.Notification;
import org.patientportal.tck.RecordingNotificationSender;

/**
 * The code a patient types, read where the patient reads it. A printed or handed-over code
 * ({@link Delivery#LETTER}, {@link Delivery#AFTER_VISIT_SUMMARY}, {@link Delivery#IN_PERSON}) is
 * the returned {@link ActivationCode#value()}; an email or SMS code is never returned to the staff
 * caller (EN-1), so it is taken from the notification the {@link RecordingNotificationSender}
 * delivered.
 */
public final class DeliveredCodes {
    /** A code as it appears in a message, {@code XXXXX-XXXXX-XXXXX} (EN-2). */
    public static final Pattern CODE = Pattern.compile("[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}");

    private DeliveredCodes() {
    }

    /**
     * The code the patient holds: the value of a printed or handed-over code; for an email or SMS
     * code (whose value must be null, EN-1), the code in the one code notification that dispatching
     * now delivers on its channel. Call it right after issuing, before anything else is due.
     *
     * @param code   an issued code
     * @param portal the portal that issued it
     * @param sender the portal's sender
     * @return the code as the patient would type it
     */
    public static String codeOf(ActivationCode code, Portal portal, RecordingNotificationSender sender) {
        Objects.requireNonNull(code, "code");
        Channel channel = switch (code.delivery()) {
            case EMAIL -> Channel.EMAIL;
            case SMS -> Channel.SMS;
            case LETTER, AFTER_VISIT_SUMMARY, IN_PERSON -> null;
        };
        if (channel == null) {
            return Objects.requireNonNull(code.value(), "a printed or handed-over code has its value");
        }
        if (code.value() != null) {
            throw new AssertionError("EN-1: an " + code.delivery() + " code was returned to the staff caller");
        }
        return deliver(portal, sender, channel);
    }

    /**
     * Dispatches what is due and returns the code in the one activation or reset code notification
     * delivered on {@code channel} by this dispatch.
     *
     * @param portal  the portal
     * @param sender  the portal's sender
     * @param channel {@link Channel#EMAIL} or {@link Channel#SMS}
     * @return the delivered code
     * @throws AssertionError if no such notification, or more than one, was delivered
     */
    public static String deliver(Portal portal, RecordingNotificationSender sender, Channel channel) {
        int before = sender.delivered().size();
        portal.notifications().dispatchDue();
        List<Notification> delivered = sender.delivered();
        List<Notification> codes = delivered.subList(before, delivered.size()).stream()
                .filter(n -> n.channel() == channel)
                .filter(n -> n.kind().equals(NotificationKinds.ACTIVATION_CODE)
                        || n.kind().equals(NotificationKinds.RESET_CODE))
                .toList();
        if (codes.size() != 1) {
            throw new AssertionError("expected one " + channel + " code notification to be delivered, got "
                    + codes.size());
        }
        return codeIn(codes.get(0));
    }

    /**
     * The code in a delivered notification's body.
     *
     * @param notification an activation or reset code notification
     * @return the code, {@code XXXXX-XXXXX-XXXXX}
     * @throws AssertionError if the body does not hold exactly one code (possibly repeated)
     */
    public static String codeIn(Notification notification) {
        List<String> codes = CODE.matcher(notification.body()).results().map(MatchResult::group).distinct().toList();
        if (codes.size() != 1) {
            throw new AssertionError(codes.size() + " codes in the " + notification.kind() + " notification");
        }
        return codes.get(0);
    }
}
