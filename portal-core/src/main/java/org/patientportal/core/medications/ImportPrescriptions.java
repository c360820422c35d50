package org.patientportal.core.medications;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A batch of one patient's prescriptions from the clinic's record system, 1 to 500, written in one
 * transaction (RF-5).
 *
 * @param prescriptions the prescriptions, in the order to apply them
 */
public record ImportPrescriptions(@NotNull @Size(min = 1, max = 500) List<@NotNull @Valid PrescriptionRecord> prescriptions) {
}
