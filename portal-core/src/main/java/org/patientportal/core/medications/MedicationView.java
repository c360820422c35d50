package org.patientportal.core.medications;

import java.time.LocalDate;
import org.jspecify.annotations.Nullable;
import org.patientportal.model.ControlledSchedule;
import org.patientportal.model.PharmacyId;
import org.patientportal.model.PrescriptionId;

/**
 * One line of the medication list (RF-6).
 *
 * @param id               the prescription's id
 * @param medication       the medication's name
 * @param rxNormCode       its RxNorm code where known
 * @param dose             the dose
 * @param instructions     the instructions
 * @param quantity         quantity per fill
 * @param daysSupply       days one fill lasts
 * @param refillsRemaining refills left
 * @param writtenOn        when it was written
 * @param expiresOn        the last day it may be filled
 * @param prescriber       the prescriber
 * @param schedule         the controlled-substance schedule
 * @param pharmacyId       the pharmacy on the prescription
 * @param lastFilledOn     the last fill date
 * @param active           whether it is active (active ones are listed first)
 * @param refillability    whether it can be refilled now, or why not
 */
public record MedicationView(PrescriptionId id, String medication, @Nullable String rxNormCode, String dose,
                             String instructions, int quantity, int daysSupply, int refillsRemaining,
                             LocalDate writtenOn, LocalDate expiresOn, String prescriber, ControlledSchedule schedule,
                             @Nullable PharmacyId pharmacyId, @Nullable LocalDate lastFilledOn, boolean active,
                             Refillability refillability) {
    @Override
    public String toString() {
        return "MedicationView[id=" + id + "]";
    }
}
