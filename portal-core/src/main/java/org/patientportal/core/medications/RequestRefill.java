package org.patientportal.core.medications;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.patientportal.model.PharmacyId;
import org.patientportal.model.PrescriptionId;

/**
 * A refill request (RF-2, RF-4, IN-1).
 *
 * @param prescriptionId the prescription to refill
 * @param pharmacyId     one of the patient's preferred pharmacies, or null to keep the prescription's
 * @param idempotencyKey a retry with the same key returns the first result
 */
public record RequestRefill(@NotNull PrescriptionId prescriptionId,
                            @Nullable PharmacyId pharmacyId,
                            @Nullable @Size(min = 1, max = 255) String idempotencyKey) {
}
