package org.patientportal.core.notifications;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.patientportal.model.Channel;
import org.jspecify.annotations.Nullable;

/**
 * A patient's notification choices (NT-1), replacing the stored ones: for each kind named, the
 * channels wanted (an empty set turns the kind off, except security notices); kinds not named use
 * the SDK's default (email). SMS goes out only once consent is recorded
 * ({@link Notifications#recordSmsConsent}); push needs {@code pushAddress}.
 * {@link #toString()} does not print the push address.
 *
 * @param channelsByKind kinds of {@link NotificationKinds#CHOOSABLE} to the channels wanted
 * @param pushAddress    the device address for push notifications, if any
 */
public record UpdatePreferences(
        @NotNull @Size(max = 32) Map<@NotBlank @Size(max = 64) String, @NotNull Set<@NotNull Channel>> channelsByKind,
        @Nullable @Size(min = 1, max = 512) @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters")
        String pushAddress) {

    /** Copies the map and its sets (nulls are kept for validation to report). */
    public UpdatePreferences {
        if (channelsByKind != null) {
            Map<String, Set<Channel>> copy = new LinkedHashMap<>();
            channelsByKind.forEach((kind, channels) -> copy.put(kind, channels == null ? null
                    : Collections.unmodifiableSet(new LinkedHashSet<>(channels))));
            channelsByKind = Collections.unmodifiableMap(copy);
        }
    }

    @Override
    public String toString() {
        return "UpdatePreferences[kinds=" + (channelsByKind == null ? null : channelsByKind.keySet())
                + ", pushAddress=" + (pushAddress == null ? "none" : "(hidden)") + "]";
    }
}
