package org.patientportal.spi.storage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.patientportal.model.PatientId;
import org.patientportal.model.PrescriptionId;
import org.patientportal.model.RefillRequest;
import org.patientportal.model.RefillRequestId;
import org.patientportal.model.RefillStatus;

/** Refill requests (RF-2..RF-4, RF-7). */
public interface RefillRequests {
    /**
     * Inserts a new REQUESTED request unless its prescription has an open (REQUESTED) one. The store
     * decides (a unique key over open requests), under any concurrency and across nodes.
     *
     * @return whether it was inserted; false if the prescription has an open request
     * @throws IllegalArgumentException if the request is not REQUESTED
     * @throws DuplicateKeyException    if the id is taken
     */
    boolean insertIfNoneOpen(RefillRequest request);

    /** The request with this id. */
    Optional<RefillRequest> find(RefillRequestId id);

    /** The prescription's open request. */
    Optional<RefillRequest> findOpen(PrescriptionId prescription);

    /**
     * Closes an open request once: from REQUESTED to {@code status}, with when, who and why. A
     * conditional write: of concurrent closes of one request, exactly one succeeds.
     *
     * @return the closed request; empty if it is gone or no longer REQUESTED
     * @throws IllegalArgumentException if {@code status} is REQUESTED
     */
    Optional<RefillRequest> close(RefillRequestId id, RefillStatus status, Instant at, String by, String reason);

    /**
     * One page of open requests of every patient, oldest (lowest id) first (keyset pagination).
     *
     * @param after the last id of the previous page, or null for the first page
     * @param limit page size, 1 to 1000
     */
    List<RefillRequest> open(RefillRequestId after, int limit);

    /**
     * One page of the patient's requests, any status, in id order (keyset pagination).
     *
     * @param after the last id of the previous page, or null for the first page
     * @param limit page size, 1 to 1000
     */
    List<RefillRequest> forPatient(PatientId patient, RefillRequestId after, int limit);
}
