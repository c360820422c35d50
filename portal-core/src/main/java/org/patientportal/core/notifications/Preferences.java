package org.patientportal.core.notifications;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.patientportal.model.Channel;
import org.patientportal.model.PatientId;

/**
 * A patient's notification preferences (NT-1): the channels chosen per kind, the push address and
 * the SMS consent. {@link #toString()} prints no push address: it is personal data.
 *
 * @param patientId      the patient
 * @param channelsByKind the channels chosen per kind; a kind not listed goes by email
 * @param pushAddress    the push address, if the patient gave one
 * @param smsConsentAt   when the patient last consented to SMS, if ever
 * @param smsStoppedAt   when the patient's mobile number last sent STOP, if ever
 */
public record Preferences(PatientId patientId, Map<String, Set<Channel>> channelsByKind,
                          @Nullable String pushAddress, @Nullable Instant smsConsentAt,
                          @Nullable Instant smsStoppedAt) {
    public Preferences {
        Objects.requireNonNull(patientId, "patientId");
        Map<String, Set<Channel>> copy = new LinkedHashMap<>();
        Objects.requireNonNull(channelsByKind, "channelsByKind").forEach((k, v) -> copy.put(k, Set.copyOf(v)));
        channelsByKind = Map.copyOf(copy);
    }

    /** @return whether SMS may be sent now: consent recorded and not withdrawn by a later STOP */
    public boolean smsConsented() {
        return smsConsentAt != null && (smsStoppedAt == null || smsStoppedAt.isBefore(smsConsentAt));
    }

    @Override
    public String toString() {
        return "Preferences[patientId=" + patientId + ", kinds=" + channelsByKind.keySet()
                + ", smsConsented=" + smsConsented() + "]";
    }
}
