package org.patientportal.model;

import java.util.Objects;

/**
 * A provider patients book with (SC-1).
 *
 * @param id          the provider's id
 * @param displayName the name shown to patients ("Dr. A. Okafor")
 * @param active      whether new slots may be opened for them
 * @param version     optimistic-lock version, 0 for a new row
 */
public record Provider(ProviderId id, String displayName, boolean active, long version) {
    public Provider {
        Objects.requireNonNull(id, "id");
        Checks.notBlank(displayName, "displayName");
        Checks.notNegative(version, "version");
    }
}
