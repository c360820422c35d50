package org.patientportal.core.records;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.patientportal.model.HistoryCategory;
import org.patientportal.core.TextRule;

/**
 * One entry as the clinic's record system sends it (HH-1, HH-3). Per category: a problem's
 * {@code name} is its description (code ICD-10 or SNOMED), {@code detail} its clinical status,
 * {@code effectiveAt} its onset; an allergy's {@code name} is the substance, {@code detail} the
 * reaction, {@code value} the severity; an immunization's {@code code} is CVX, {@code value} and
 * {@code unit} the dose, {@code effectiveAt} the date given; a vital's {@code name} is its kind and
 * it needs a {@code value} and a {@code unit}. Medications come through prescriptions, not here.
 *
 * @param category        problem, allergy, immunization or vital
 * @param sourceId        the record system's id of the entry
 * @param sourceVersion   its version there: a number, or a last-updated instant in epoch milliseconds
 * @param code            a code where known
 * @param name            what the entry names
 * @param detail          status or reaction
 * @param value           severity, dose or measured value
 * @param unit            the value's unit
 * @param effectiveAt     onset, date given or time taken
 * @param enteredInError  true to take the entry out of the patient's view (HH-3)
 */
public record HistoryRecord(@NotNull HistoryCategory category,
                            @NotBlank @Size(max = 128) String sourceId,
                            @PositiveOrZero long sourceVersion,
                            @Nullable @Size(max = 32) String code,
                            @NotBlank @Size(max = 200) String name,
                            @TextRule(TextRule.Form.MULTI_LINE) @Nullable @Size(max = 500) String detail,
                            @Nullable @Size(max = 64) String value,
                            @Nullable @Size(max = 32) String unit,
                            @NotNull Instant effectiveAt,
                            boolean enteredInError) {
}
