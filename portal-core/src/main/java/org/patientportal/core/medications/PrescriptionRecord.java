package org.patientportal.core.medications;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;
import org.patientportal.model.ControlledSchedule;
import org.patientportal.model.PharmacyId;
import org.patientportal.model.PrescriptionStatus;
import org.patientportal.core.TextRule;

/**
 * One prescription as the clinic's record system sends it (RF-1, RF-5). {@code expiresOn} must not
 * be before {@code writtenOn}; a {@code pharmacyId} must name a pharmacy of the directory.
 *
 * @param sourceId         the record system's id of the prescription
 * @param sourceVersion    its version there: a number, or a last-updated instant in epoch milliseconds
 * @param medication       the medication's name
 * @param rxNormCode       the RxNorm code where known
 * @param dose             the dose ("10 mg")
 * @param instructions     the instructions
 * @param quantity         quantity per fill, 1 to 10,000
 * @param daysSupply       days one fill lasts, 1 to 366
 * @param refillsRemaining refills left, 0 to 99
 * @param writtenOn        when it was written
 * @param expiresOn        the last day it may be filled
 * @param prescriber       the prescriber's name
 * @param schedule         the controlled-substance schedule
 * @param pharmacyId       the pharmacy on the prescription
 * @param lastFilledOn     the last fill date
 * @param status           active, discontinued (closes an open request, RF-5) or entered in error
 */
public record PrescriptionRecord(@NotBlank @Size(max = 128) String sourceId,
                                 @PositiveOrZero long sourceVersion,
                                 @NotBlank @Size(max = 200) String medication,
                                 @Nullable @Size(max = 32) String rxNormCode,
                                 @NotBlank @Size(max = 100) String dose,
                                 @TextRule(TextRule.Form.MULTI_LINE) @NotBlank @Size(max = 1000) String instructions,
                                 @Min(1) @Max(10_000) int quantity,
                                 @Min(1) @Max(366) int daysSupply,
                                 @Min(0) @Max(99) int refillsRemaining,
                                 @NotNull LocalDate writtenOn,
                                 @NotNull LocalDate expiresOn,
                                 @NotBlank @Size(max = 200) String prescriber,
                                 @NotNull ControlledSchedule schedule,
                                 @Nullable PharmacyId pharmacyId,
                                 @Nullable LocalDate lastFilledOn,
                                 @NotNull PrescriptionStatus status) {
}
