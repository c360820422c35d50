package org.patientportal.core.medications;

import java.time.Instant;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;
import org.patientportal.model.PatientId;
import org.patientportal.model.PharmacyId;
import org.patientportal.model.PrescriptionId;
import org.patientportal.model.RefillRequestId;

/**
 * One open request of the clinicians' refill queue, with what a clinician needs to decide (RF-3).
 *
 * @param requestId        the request
 * @param patientId        the patient
 * @param prescriptionId   the prescription
 * @param medication       the medication's name
 * @param dose             the dose
 * @param refillsRemaining refills left
 * @param lastFilledOn     the last fill date
 * @param expiresOn        the last day it may be filled
 * @param pharmacyId       the pharmacy asked for
 * @param requestedAt      when the patient asked
 */
public record RefillQueueItem(RefillRequestId requestId, PatientId patientId, PrescriptionId prescriptionId,
                              String medication, String dose, int refillsRemaining, @Nullable LocalDate lastFilledOn,
                              LocalDate expiresOn, @Nullable PharmacyId pharmacyId, Instant requestedAt) {
    @Override
    public String toString() {
        return "RefillQueueItem[requestId=" + requestId + "]";
    }
}
