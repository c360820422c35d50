package org.patientportal.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A patient's request to refill a prescription (RF-2..RF-4, RF-7). At most one request per
 * prescription is open (REQUESTED) at a time, and it is decided once.
 *
 * @param id             the request's id (time-ordered: the clinicians' queue is in id order)
 * @param patientId      the patient
 * @param prescriptionId the prescription
 * @param pharmacyId     the pharmacy to fill it, or null for none on file
 * @param status         requested, approved, denied, withdrawn or closed
 * @param requestedAt    when it was made
 * @param requestedBy    who made it (account or staff id)
 * @param decidedAt      when it left REQUESTED, or null
 * @param decidedBy      who closed it, or null
 * @param reason         a machine reason for a denial or a close ({@code discontinued}), or null
 */
public record RefillRequest(RefillRequestId id, PatientId patientId, PrescriptionId prescriptionId,
                            PharmacyId pharmacyId, RefillStatus status, Instant requestedAt, String requestedBy,
                            Instant decidedAt, String decidedBy, String reason) {
    public RefillRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(prescriptionId, "prescriptionId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(requestedAt, "requestedAt");
        Checks.notBlank(requestedBy, "requestedBy");
    }

    /** A new open request. */
    public static RefillRequest open(PatientId patient, PrescriptionId prescription, PharmacyId pharmacy,
                                     Instant at, String by) {
        return new RefillRequest(RefillRequestId.newId(), patient, prescription, pharmacy, RefillStatus.REQUESTED,
                at, by, null, null, null);
    }

    /** This request closed in {@code newStatus}. */
    public RefillRequest close(RefillStatus newStatus, Instant at, String by, String why) {
        return new RefillRequest(id, patientId, prescriptionId, pharmacyId, newStatus, requestedAt, requestedBy,
                at, by, why);
    }
}
