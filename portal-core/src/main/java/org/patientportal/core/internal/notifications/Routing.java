package org.patientportal.core.internal.notifications;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.patientportal.core.internal.ContactDeliveries;
import org.patientportal.core.internal.Keys;
import org.patientportal.core.notifications.NotificationKinds;
import org.patientportal.model.Channel;
import org.patientportal.model.NotificationPreferences;
import org.patientportal.model.OutboxEntry;
import org.patientportal.model.Patient;
import org.patientportal.spi.notification.Notification;

/**
 * Where a patient's outbox entry goes, and its texts (NT-1, NT-3, AU-7, PR-2): one entry becomes
 * zero or more notifications, or a reason it can never be sent.
 *
 * <ul>
 *   <li><b>Any kind:</b> the channels the patient chose for it, else email. Email goes to the
 *       address on file, SMS to the mobile on file only with consent no later STOP withdrew, push to
 *       the push address; a channel without an address, or that the sender does not offer, is
 *       skipped. Nothing left is "delivered nowhere": the patient's choice.</li>
 *   <li><b>Security notices</b> ({@link NotificationKinds#MANDATORY}): in addition to the chosen
 *       channels, always the email on file and the consented mobile on file; push only to a push
 *       address the patient set themselves (never one a proxy or staff set). The
 *       {@code contact-changed} notice also goes to the replaced address its entry names, with id
 *       {@code <entry id>:<CHANNEL>:previous}. With nothing to send it to, the entry is
 *       dead-lettered {@code no_address}: an admin sees it and reaches the patient another way.</li>
 *   <li><b>A contact-change code</b> goes only to the new address sealed in its entry; expired or
 *       unopenable entries are dead-lettered.</li>
 * </ul>
 */
final class Routing {
    /** Dead-letter reason of a security notice with no address to go to. */
    static final String NO_ADDRESS = "no_address";

    private Routing() {
    }

    /**
     * What to send for one entry.
     *
     * @param notifications what to send (may be empty: nothing to send)
     * @param deadReason    why it can never be sent, if so
     */
    record Route(List<Notification> notifications, @Nullable String deadReason) {
        static Route dead(String reason) {
            return new Route(List.of(), reason);
        }
    }

    /** A patient-side entry of any kind but the code kinds: by the patient's choice, security notices always. */
    static Route patientNotice(Keys keys, OutboxEntry entry, Patient patient, NotificationPreferences preferences,
                               Set<Channel> offered) {
        boolean mandatory = NotificationKinds.MANDATORY.contains(entry.kind());
        Set<Channel> chosen = preferences.channelsByKind().get(entry.kind());
        EnumSet<Channel> channels = chosen == null ? EnumSet.of(Channel.EMAIL)
                : chosen.isEmpty() ? EnumSet.noneOf(Channel.class) : EnumSet.copyOf(chosen);
        if (mandatory) {
            channels.add(Channel.EMAIL);
            channels.add(Channel.SMS);
        }
        List<Notification> out = new ArrayList<>();
        for (Channel channel : channels) {
            Optional<String> address = address(patient, preferences, channel, mandatory);
            Optional<Templates.Template> template = Templates.find(entry.kind(), channel);
            if (address.isEmpty() || template.isEmpty() || !offered.contains(channel)) {
                continue;
            }
            Templates.Rendered text = Templates.render(template.get(), Map.of());
            out.add(new Notification(NotificationService.notificationId(entry, channel), channel, address.get(),
                    entry.kind(), text.subject(), text.body()));
        }
        if (NotificationKinds.CONTACT_CHANGED.equals(entry.kind())) {
            Optional<ContactDeliveries.Previous> previous;
            try {
                previous = ContactDeliveries.previous(keys, entry);
            } catch (IllegalArgumentException e) {
                return Route.dead("bad_payload");
            }
            if (previous.isPresent()) {
                Channel channel = previous.get().channel();
                Optional<Templates.Template> template = Templates.find(entry.kind(), channel);
                boolean sameAsAbove = out.stream().anyMatch(n -> n.address().equals(previous.get().address()));
                if (template.isPresent() && offered.contains(channel) && !sameAsAbove) {
                    Templates.Rendered text = Templates.render(template.get(), Map.of());
                    out.add(new Notification(NotificationService.notificationId(entry, channel) + ":previous",
                            channel, previous.get().address(), entry.kind(), text.subject(), text.body()));
                }
            }
        }
        if (mandatory && out.isEmpty()) {
            return Route.dead(NO_ADDRESS);
        }
        return new Route(out, null);
    }

    /** A contact-change code (PR-2): to the new address sealed in the entry, before it expires. */
    static Route contactCode(Keys keys, OutboxEntry entry, Set<Channel> offered, Instant now) {
        Optional<ContactDeliveries.SealedCode> opened = ContactDeliveries.openCode(keys, entry);
        if (opened.isEmpty()) {
            return Route.dead("bad_payload");
        }
        ContactDeliveries.SealedCode code = opened.get();
        Optional<Templates.Template> template = Templates.find(entry.kind(), code.channel());
        if (template.isEmpty() || !offered.contains(code.channel())) {
            return Route.dead("channel_unsupported");
        }
        if (!now.isBefore(code.expiresAt())) {
            return Route.dead("code_expired");
        }
        Templates.Rendered text = Templates.render(template.get(), Map.of("code", code.code(),
                "validity", Templates.inWords(Duration.between(entry.createdAt(), code.expiresAt()))));
        return new Route(List.of(new Notification(NotificationService.notificationId(entry, code.channel()),
                code.channel(), code.address(), entry.kind(), text.subject(), text.body())), null);
    }

    private static Optional<String> address(Patient patient, NotificationPreferences preferences, Channel channel,
                                            boolean mandatory) {
        return switch (channel) {
            case EMAIL -> Optional.ofNullable(patient.email());
            case SMS -> preferences.smsConsented() ? Optional.ofNullable(patient.mobile()) : Optional.empty();
            case PUSH -> mandatory && !preferences.pushAddressSelfSet() ? Optional.empty()
                    : Optional.ofNullable(preferences.pushAddress());
        };
    }
}
