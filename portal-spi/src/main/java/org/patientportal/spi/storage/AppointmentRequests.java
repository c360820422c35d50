package org.patientportal.spi.storage;

import java.util.List;
import java.util.Optional;
import org.patientportal.model.AppointmentRequest;
import org.patientportal.model.AppointmentRequestId;
import org.patientportal.model.PatientId;

/** Requests for request-only visit types (SC-1). */
public interface AppointmentRequests {
    /**
     * Inserts a new OPEN request (version 0).
     *
     * @throws DuplicateKeyException if the id is taken
     */
    void insert(AppointmentRequest request);

    /** The request with this id. */
    Optional<AppointmentRequest> find(AppointmentRequestId id);

    /**
     * Replaces a request (a decision). Its version must be the stored version.
     *
     * @return it as stored, with its version increased by one
     * @throws OptimisticLockException if the stored version differs or it is gone
     */
    AppointmentRequest update(AppointmentRequest request);

    /**
     * One page of OPEN requests in id (arrival) order, for staff (keyset pagination).
     *
     * @param after the last id of the previous page, or null for the first page
     * @param limit page size, 1 to 1000
     */
    List<AppointmentRequest> open(AppointmentRequestId after, int limit);

    /**
     * One page of the patient's requests, any status, in id order (keyset pagination).
     *
     * @param after the last id of the previous page, or null for the first page
     * @param limit page size, 1 to 1000
     */
    List<AppointmentRequest> forPatient(PatientId patient, AppointmentRequestId after, int limit);
}
