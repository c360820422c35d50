package org.patientportal.core.internal.notifications;

import org.patientportal.core.notifications.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.patientportal.model.Channel;

/**
 * The notification texts (NT-3): one template per kind and channel, with no PHI. The only
 * parameters a template may hold are listed in {@link #PARAMETERS} ({@code code}, {@code validity}):
 * a secret for the patient and a duration, never a name, a birth date, a test or a message. Any
 * other value handed to {@link #render} is ignored.
 */
final class Templates {
    /** The parameters any template may use. */
    static final Set<String> PARAMETERS = Set.of("code", "validity");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_]+)\\}");
    private static final Map<String, Map<Channel, Template>> BY_KIND = new TreeMap<>();

    /**
     * One text.
     *
     * @param kind    the event kind
     * @param channel the channel
     * @param subject the subject (email, push title); empty for SMS
     * @param body    the text, with {@code {parameter}} placeholders
     */
    record Template(String kind, Channel channel, String subject, String body) {
        Template {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(body, "body");
            Matcher m = PLACEHOLDER.matcher(subject + body);
            while (m.find()) {
                if (!PARAMETERS.contains(m.group(1))) {
                    throw new IllegalArgumentException("template parameter not allowed: " + m.group(1));
                }
            }
        }

        /** The parameters the template uses. */
        Set<String> parameters() {
            Set<String> used = new java.util.TreeSet<>();
            Matcher m = PLACEHOLDER.matcher(subject + body);
            while (m.find()) {
                used.add(m.group(1));
            }
            return used;
        }
    }

    /**
     * A rendered text.
     *
     * @param subject the subject
     * @param body    the body
     */
    record Rendered(String subject, String body) {
    }

    static {
        String signIn = " Log in to your patient portal to see it.";
        add(NotificationKinds.PASSWORD_CHANGED,
                "Your patient portal password was changed",
                "The password of your patient portal account was just changed, and every session was signed out."
                        + " If you did not change it, call your clinic right away.",
                "Patient portal: your password was just changed. If this was not you, call your clinic.",
                "Password changed",
                "Your patient portal password was changed. Not you? Call your clinic.");
        add(NotificationKinds.CONTACT_CHANGED,
                "Your patient portal contact details were changed",
                "The email address or mobile number of your patient portal account was just changed."
                        + " If you did not change it, call your clinic right away.",
                "Patient portal: your email or mobile number on file was just changed. If this was not you,"
                        + " call your clinic.",
                "Contact details changed",
                "Your patient portal contact details were changed. Not you? Call your clinic.");
        add(NotificationKinds.CONTACT_CODE,
                "Confirm your new contact for the patient portal",
                "Your patient portal confirmation code is {code}. It is valid for {validity}. Enter it in the"
                        + " patient portal to confirm this address. Clinic staff will never ask you for this code."
                        + " If you did not ask for it, ignore this message.",
                "Your patient portal confirmation code is {code} (valid for {validity}). Never share it.",
                null, null);
        add(NotificationKinds.ACTIVATION_CODE,
                "Your patient portal activation code",
                "Your patient portal activation code is {code}. It is valid for {validity}. Sign up with it,"
                        + " together with the details your clinic asks for. Clinic staff will never ask you for"
                        + " this code. If you did not ask for it, call your clinic.",
                "Your patient portal activation code is {code} (valid for {validity}). Never share it.",
                null, null);
        add(NotificationKinds.RESET_CODE,
                "Your patient portal password reset code",
                "Your patient portal password reset code is {code}. It is valid for {validity}. Clinic staff"
                        + " will never ask you for this code. If you did not ask for it, call your clinic.",
                "Your patient portal password reset code is {code} (valid for {validity}). Never share it.",
                null, null);
        add(NotificationKinds.RESULT_RELEASED,
                "You have a new test result",
                "You have a new test result." + signIn,
                "Patient portal: you have a new test result. Log in to view it.",
                "New test result",
                "You have a new test result. Log in to view it.");
        add(NotificationKinds.RESULT_UPDATED,
                "A test result was updated",
                "A test result was updated." + signIn,
                "Patient portal: a test result was updated. Log in to view it.",
                "Test result updated",
                "A test result was updated. Log in to view it.");
        add(NotificationKinds.MESSAGE_RECEIVED,
                "You have a new message",
                "You have a new message from your care team." + signIn,
                "Patient portal: you have a new message from your care team. Log in to read it.",
                "New message",
                "You have a new message from your care team. Log in to read it.");
        add(NotificationKinds.MESSAGE_FOR_CLINIC,
                "New patient message in your pool",
                "A patient sent a new message to your pool. Open the staff inbox to read it.",
                "Patient portal: a new patient message is waiting in your pool's inbox.",
                "New patient message",
                "A new patient message is waiting in your pool's inbox.");
        add(NotificationKinds.APPOINTMENT_REMINDER,
                "Upcoming appointment",
                "You have an upcoming appointment." + signIn.replace("it.", "the details."),
                "Patient portal: you have an upcoming appointment. Log in for the details.",
                "Upcoming appointment",
                "You have an upcoming appointment. Log in for the details.");
        add(NotificationKinds.APPOINTMENT_BOOKED,
                "Your appointment is confirmed",
                "Your appointment is confirmed." + signIn.replace("it.", "the details."),
                "Patient portal: your appointment is confirmed. Log in for the details.",
                "Appointment confirmed",
                "Your appointment is confirmed. Log in for the details.");
        add(NotificationKinds.APPOINTMENT_CANCELLED,
                "Your appointment was cancelled",
                "An appointment of yours was cancelled." + signIn.replace("it.", "the details."),
                "Patient portal: an appointment of yours was cancelled. Log in for the details.",
                "Appointment cancelled",
                "An appointment of yours was cancelled. Log in for the details.");
        add(NotificationKinds.WAITLIST_OFFER,
                "An earlier appointment is available",
                "An earlier appointment time is available. The first patient to accept it gets it."
                        + signIn.replace("see it.", "accept it."),
                "Patient portal: an earlier appointment time is available. Log in to accept it.",
                "Earlier appointment available",
                "An earlier appointment time is available. Log in to accept it.");
        add(NotificationKinds.APPOINTMENT_REQUEST_DECLINED,
                "Your appointment request was answered",
                "Your clinic answered your appointment request." + signIn,
                "Patient portal: your appointment request was answered. Log in to see it.",
                "Appointment request answered",
                "Your appointment request was answered. Log in to see it.");
        add(NotificationKinds.REFILL_DECIDED,
                "Your refill request has an update",
                "Your refill request has an update. Log in to see it.",
                "Patient portal: your refill request has an update. Log in to see it.",
                "Refill request update",
                "Your refill request has an update. Log in to see it.");
    }

    private Templates() {
    }

    private static void add(String kind, String emailSubject, String emailBody, String sms, String pushTitle,
                            String pushBody) {
        Map<Channel, Template> byChannel = new EnumMap<>(Channel.class);
        byChannel.put(Channel.EMAIL, new Template(kind, Channel.EMAIL, emailSubject, emailBody));
        byChannel.put(Channel.SMS, new Template(kind, Channel.SMS, "", sms));
        if (pushTitle != null) {
            byChannel.put(Channel.PUSH, new Template(kind, Channel.PUSH, pushTitle, pushBody));
        }
        BY_KIND.put(kind, Collections.unmodifiableMap(byChannel));
    }

    /** Whether any template exists for {@code kind}. */
    static boolean knows(String kind) {
        return BY_KIND.containsKey(kind);
    }

    /** The template of {@code kind} for {@code channel}. */
    static Optional<Template> find(String kind, Channel channel) {
        Map<Channel, Template> byChannel = BY_KIND.get(kind);
        return byChannel == null ? Optional.empty() : Optional.ofNullable(byChannel.get(channel));
    }

    /** Every template, by kind then channel. */
    static List<Template> all() {
        List<Template> all = new ArrayList<>();
        BY_KIND.values().forEach(byChannel -> all.addAll(byChannel.values()));
        return all;
    }

    /**
     * Renders {@code template} with the allowed parameters from {@code values}; anything else in
     * {@code values} is ignored.
     *
     * @throws IllegalArgumentException if a parameter the template uses is missing
     */
    static Rendered render(Template template, Map<String, String> values) {
        return new Rendered(fill(template.subject(), values), fill(template.body(), values));
    }

    private static String fill(String text, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder(text.length() + 32);
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("missing template parameter " + m.group(1));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A duration in words: "10 minutes", "24 hours", "30 days". */
    static String inWords(Duration duration) {
        long minutes = Math.max(1, (duration.toSeconds() + 59) / 60);
        if (minutes % (24 * 60) == 0 && minutes > 24 * 60) {
            return plural(minutes / (24 * 60), "day");
        }
        if (minutes % 60 == 0) {
            return plural(minutes / 60, "hour");
        }
        return plural(minutes, "minute");
    }

    private static String plural(long count, String unit) {
        return count + " " + unit + (count == 1 ? "" : "s");
    }
}
