package org.patientportal.core.scheduling;

import java.util.Objects;
import org.patientportal.model.ProviderId;

/**
 * A provider (SC-1).
 *
 * @param id          the provider
 * @param displayName the name patients see
 * @param active      whether new slots may be opened for the provider
 */
public record ProviderView(ProviderId id, String displayName, boolean active) {
    public ProviderView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(displayName, "displayName");
    }
}
