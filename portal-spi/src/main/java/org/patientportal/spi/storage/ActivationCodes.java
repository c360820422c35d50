package org.patientportal.spi.storage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.patientportal.model.ActivationCodeId;
import org.patientportal.model.ActivationCodeRecord;
import org.patientportal.model.CodePurpose;
import org.patientportal.model.PatientId;

/** Activation and reset codes, stored as keyed hashes only (EN-7). */
public interface ActivationCodes {
    /**
     * Inserts a new code (status ACTIVE, version 0).
     *
     * @throws DuplicateKeyException if the id or the code hash is taken
     */
    void insert(ActivationCodeRecord code);

    /** The code with this id. */
    Optional<ActivationCodeRecord> find(ActivationCodeId id);

    /** The code whose keyed hash is exactly {@code codeHash}. */
    Optional<ActivationCodeRecord> findByHash(String codeHash);

    /** Every code issued for the patient, newest first. */
    List<ActivationCodeRecord> findByPatient(PatientId patientId);

    /**
     * Atomically adds one to the code's failed verifications (EN-6). Concurrent calls are all counted.
     *
     * @return the new count, or -1 if there is no such code
     */
    int recordFailedAttempt(ActivationCodeId id);

    /**
     * Marks an ACTIVE code USED. Of any number of concurrent calls for one code, exactly one
     * returns true (EN-4).
     *
     * @return whether this call consumed it; false if it was not ACTIVE or does not exist
     */
    boolean consume(ActivationCodeId id, Instant at);

    /**
     * Marks an ACTIVE code REVOKED.
     *
     * @return whether this call revoked it
     */
    boolean revoke(ActivationCodeId id, Instant at);

    /**
     * Revokes every ACTIVE code of the patient for that purpose (a new code replaces the old, EN-1).
     *
     * @return how many were revoked
     */
    int revokeActive(PatientId patientId, CodePurpose purpose, Instant at);
}
