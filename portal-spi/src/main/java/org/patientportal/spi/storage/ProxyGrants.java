package org.patientportal.spi.storage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.patientportal.model.AccountId;
import org.patientportal.model.PatientId;
import org.patientportal.model.ProxyGrant;
import org.patientportal.model.ProxyGrantId;

/** Proxy grants: which account may act for which patient, with what scopes (PX-1..PX-3). */
public interface ProxyGrants {
    /**
     * Inserts a new grant (not revoked, version 0).
     *
     * @throws DuplicateKeyException if the id is taken
     */
    void insert(ProxyGrant grant);

    /** The grant with this id, revoked or not. */
    Optional<ProxyGrant> find(ProxyGrantId id);

    /** Every grant not revoked that lets {@code proxy} act for {@code patient}, in id order. */
    List<ProxyGrant> findUnrevoked(AccountId proxy, PatientId patient);

    /**
     * One page of the grants not revoked held by an account, in id order (keyset pagination).
     * Expiry is not filtered here: it depends on the clock and the birth date.
     *
     * @param after the last id of the previous page, or null for the first page
     * @param limit page size, 1 to 1000
     */
    List<ProxyGrant> listForProxy(AccountId proxy, ProxyGrantId after, int limit);

    /**
     * One page of the grants not revoked on a patient's record, in id order (keyset pagination).
     *
     * @param after the last id of the previous page, or null for the first page
     * @param limit page size, 1 to 1000
     */
    List<ProxyGrant> listForPatient(PatientId patient, ProxyGrantId after, int limit);

    /**
     * Replaces the scopes, teen consent and expiry of a grant not revoked. {@code grant.version()}
     * must be the stored version; the other fields are not written.
     *
     * @return the grant as stored, with its version increased by one
     * @throws OptimisticLockException if the stored version differs, the grant is revoked or gone
     */
    ProxyGrant update(ProxyGrant grant);

    /**
     * Revokes a grant not revoked yet. Of concurrent calls, exactly one returns true.
     *
     * @return whether this call revoked it
     */
    boolean revoke(ProxyGrantId id, String revokedBy, Instant at);
}
