package org.patientportal.model;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Lets an account act for another patient (PX-1..PX-3). Ages are never stored: the access policy
 * computes them from the patient's birth date and the clock (PX-2).
 *
 * @param id             the grant's id
 * @param proxyAccountId the account that acts
 * @param patientId      the patient acted for
 * @param relationship   parent, guardian or caregiver
 * @param scopes         what the proxy may do, not empty
 * @param teenConsent    scopes a patient aged 12 to 17 consented to keep giving the proxy (RESULTS, MESSAGING)
 * @param grantedAt      when staff granted it
 * @param grantedBy      the staff id that granted it
 * @param expiresAt      when it ends (the 18th birthday for a child, 18 months for a caregiver unless renewed)
 * @param revokedAt      when it was revoked, or null
 * @param revokedBy      who revoked it (a staff id or an account id), or null
 * @param version        optimistic-lock version, 0 for a new row
 */
public record ProxyGrant(
        ProxyGrantId id,
        AccountId proxyAccountId,
        PatientId patientId,
        ProxyRelationship relationship,
        Set<ProxyScope> scopes,
        Set<ProxyScope> teenConsent,
        Instant grantedAt,
        String grantedBy,
        Instant expiresAt,
        Instant revokedAt,
        String revokedBy,
        long version) {

    public ProxyGrant {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(proxyAccountId, "proxyAccountId");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(relationship, "relationship");
        Objects.requireNonNull(scopes, "scopes");
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("scopes must not be empty");
        }
        scopes = Set.copyOf(EnumSet.copyOf(scopes));
        teenConsent = teenConsent == null || teenConsent.isEmpty()
                ? Set.of() : Set.copyOf(EnumSet.copyOf(teenConsent));
        Objects.requireNonNull(grantedAt, "grantedAt");
        Checks.notBlank(grantedBy, "grantedBy");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Checks.notNegative(version, "version");
    }

    /** Whether it was revoked. */
    public boolean revoked() {
        return revokedAt != null;
    }

    /** This grant with other scopes, consent and expiry (renewal, consent change). */
    public ProxyGrant with(Set<ProxyScope> newScopes, Set<ProxyScope> newTeenConsent, Instant newExpiresAt) {
        return new ProxyGrant(id, proxyAccountId, patientId, relationship, newScopes, newTeenConsent, grantedAt,
                grantedBy, newExpiresAt, revokedAt, revokedBy, version);
    }
}
