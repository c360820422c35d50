package org.patientportal.core.proxy;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.patientportal.model.AccountId;
import org.patientportal.model.PatientId;
import org.patientportal.model.ProxyGrantId;
import org.patientportal.model.ProxyRelationship;
import org.patientportal.model.ProxyScope;

/**
 * A proxy grant (PX-1..PX-3): which account may act for which patient, with what scopes.
 *
 * @param id             the grant
 * @param proxyAccountId the account that acts for the patient
 * @param patientId      the patient acted for
 * @param relationship   parent, guardian or caregiver
 * @param scopes         the scopes granted
 * @param teenConsent    the scopes a patient aged 12 to 17 lets a parent or guardian keep (PX-2)
 * @param grantedAt      when it was granted or last renewed
 * @param grantedBy      the staff member who granted it
 * @param expiresAt      when it ends by itself (for a parent or guardian grant, informational: the
 *                       birth date decides)
 * @param revokedAt      when it was revoked, if it was
 * @param revokedBy      who revoked it, if it was
 */
public record ProxyGrantView(ProxyGrantId id, AccountId proxyAccountId, PatientId patientId,
                             ProxyRelationship relationship, Set<ProxyScope> scopes, Set<ProxyScope> teenConsent,
                             Instant grantedAt, String grantedBy, Instant expiresAt, @Nullable Instant revokedAt,
                             @Nullable String revokedBy) {
    public ProxyGrantView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(proxyAccountId, "proxyAccountId");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(relationship, "relationship");
        scopes = Set.copyOf(scopes);
        teenConsent = Set.copyOf(teenConsent);
        Objects.requireNonNull(grantedAt, "grantedAt");
        Objects.requireNonNull(grantedBy, "grantedBy");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** @return whether it was revoked */
    public boolean revoked() {
        return revokedAt != null;
    }
}
