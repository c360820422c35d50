package org.patientportal.core.proxy;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import org.patientportal.model.AccountId;
import org.patientportal.model.ProxyRelationship;
import org.patientportal.model.ProxyScope;

/**
 * Staff grant an account the right to act for a patient (PX-1). Validated when used (IN-2).
 *
 * @param proxyAccount the account that will act (a patient's own portal account)
 * @param relationship {@link ProxyRelationship#PARENT} or {@link ProxyRelationship#GUARDIAN} of a patient
 *                     under 18, {@link ProxyRelationship#CAREGIVER} of a patient aged 18 or more
 * @param scopes       what the proxy may do: at least one scope
 */
public record GrantProxy(
        @NotNull AccountId proxyAccount,
        @NotNull ProxyRelationship relationship,
        @NotNull @Size(min = 1, message = "must hold at least one scope") Set<@NotNull ProxyScope> scopes) {

    /** Copies the scopes (null elements are kept for validation to report). */
    public GrantProxy {
        scopes = scopes == null ? null : Collections.unmodifiableSet(new LinkedHashSet<>(scopes));
    }
}
