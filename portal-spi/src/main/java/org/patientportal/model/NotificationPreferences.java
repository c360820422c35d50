package org.patientportal.model;

import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A patient's notification choices (NT-1): per event kind, the channels wanted. SMS is used only
 * with recorded consent that no later STOP withdrew.
 *
 * @param patientId      whose preferences
 * @param channelsByKind event kind to wanted channels; a kind not listed uses the SDK's default
 * @param pushAddress    the device address for push notifications, or null
 * @param pushAddressSelfSet whether the patient themselves set {@code pushAddress} (not a proxy, not
 *                       staff): only such an address receives security notices (AU-7)
 * @param smsConsentAt   when the patient consented to SMS, or null
 * @param smsStoppedAt   when an inbound STOP withdrew it, or null
 * @param version        optimistic-lock version, 0 for a new row
 */
public record NotificationPreferences(
        PatientId patientId,
        Map<String, Set<Channel>> channelsByKind,
        String pushAddress,
        boolean pushAddressSelfSet,
        Instant smsConsentAt,
        Instant smsStoppedAt,
        long version) {

    public NotificationPreferences {
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(channelsByKind, "channelsByKind");
        Map<String, Set<Channel>> copy = new LinkedHashMap<>();
        channelsByKind.forEach((kind, channels) -> copy.put(Checks.notBlank(kind, "kind"),
                channels.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(channels))));
        channelsByKind = Map.copyOf(copy);
        Checks.notNegative(version, "version");
    }

    /**
     * Preferences whose push address, if any, the patient did not set themselves
     * ({@code pushAddressSelfSet} false).
     */
    public NotificationPreferences(PatientId patientId, Map<String, Set<Channel>> channelsByKind, String pushAddress,
                                   Instant smsConsentAt, Instant smsStoppedAt, long version) {
        this(patientId, channelsByKind, pushAddress, false, smsConsentAt, smsStoppedAt, version);
    }

    /** No choice made yet: every kind uses the SDK's default, no SMS consent. */
    public static NotificationPreferences none(PatientId patientId) {
        return new NotificationPreferences(patientId, Map.of(), null, false, null, null, 0);
    }

    /** Whether SMS may be sent now: consent recorded and not withdrawn by a later STOP. */
    public boolean smsConsented() {
        return smsConsentAt != null && (smsStoppedAt == null || smsStoppedAt.isBefore(smsConsentAt));
    }

    /** Prints no push address: it is personal data. */
    @Override
    public String toString() {
        return "NotificationPreferences[patientId=" + patientId + ", kinds=" + channelsByKind.keySet()
                + ", pushAddressSelfSet=" + pushAddressSelfSet + ", smsConsented=" + smsConsented() + ", version=" + version + "]";
    }
}
