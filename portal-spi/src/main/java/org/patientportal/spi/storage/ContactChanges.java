package org.patientportal.spi.storage;

import java.time.Instant;
import java.util.Optional;
import org.patientportal.model.ContactChange;
import org.patientportal.model.ContactChangeId;
import org.patientportal.model.ContactKind;
import org.patientportal.model.PatientId;

/**
 * Requested changes of a patient's email or mobile number (PR-2), at most one per patient and
 * {@link ContactKind}: the latest request, pending or confirmed. Codes are stored as keyed hashes
 * only.
 */
public interface ContactChanges {
    /**
     * Stores a new pending request ({@code failedAttempts} 0, not confirmed), replacing whatever
     * request the patient had for that kind. Of concurrent calls for one patient and kind, the last
     * to commit is the one stored.
     *
     * @throws IllegalArgumentException if {@code change} is not a new pending request
     */
    void put(ContactChange change);

    /** The patient's latest request for {@code kind}, pending or confirmed. */
    Optional<ContactChange> find(PatientId patientId, ContactKind kind);

    /**
     * Atomically adds one to the failed attempts of the patient's request with this id, if it is
     * still stored (not replaced). Concurrent calls are all counted, and the row stays locked until
     * the transaction ends.
     *
     * @return the new count, or -1 if the patient has no stored request with this id
     */
    int recordFailedAttempt(PatientId patientId, ContactChangeId id);

    /**
     * Marks the patient's pending request with this id confirmed. Of any number of concurrent calls
     * for one request, exactly one returns true.
     *
     * @return whether this call confirmed it; false if it is already confirmed, replaced or unknown
     */
    boolean confirm(PatientId patientId, ContactChangeId id, Instant at);
}
