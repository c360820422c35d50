package org.patientportal.core.records;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;
import org.patientportal.model.HistoryCategory;
import org.patientportal.core.TextRule;

/**
 * What a patient reports (HH-2): an allergy, a medication taken elsewhere or a problem.
 *
 * @param category allergy, medication or problem
 * @param name     the substance, medication or problem
 * @param detail   the reaction, the dose and how it is taken, or how it shows
 * @param since    since when, or null for today
 */
public record ReportEntry(@NotNull HistoryCategory category,
                          @NotBlank @Size(max = 200) String name,
                          @TextRule(TextRule.Form.MULTI_LINE) @Nullable @Size(max = 500) String detail,
                          @Nullable @PastOrPresent LocalDate since) {
}
