package org.patientportal.core.medications;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.patientportal.model.PharmacyId;
import org.patientportal.model.PrescriptionId;
import org.patientportal.model.RefillRequestId;
import org.patientportal.model.RefillStatus;

/**
 * A refill request and its outcome (RF-3).
 *
 * @param id             the request's id
 * @param prescriptionId the prescription
 * @param pharmacyId     the pharmacy to fill it
 * @param status         requested, approved, denied, withdrawn or closed
 * @param requestedAt    when it was made
 * @param decidedAt      when it left REQUESTED
 * @param reason         the machine reason of a denial or a close ({@code discontinued})
 */
public record RefillRequestView(RefillRequestId id, PrescriptionId prescriptionId, @Nullable PharmacyId pharmacyId,
                                RefillStatus status, Instant requestedAt, @Nullable Instant decidedAt,
                                @Nullable String reason) {
}
