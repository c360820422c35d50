package org.patientportal.core.scheduling;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Objects;
import org.patientportal.model.Diagnosis;
import org.patientportal.core.TextRule;

/**
 * The after-visit summary and diagnoses of a completed visit (SC-5). A second call replaces them.
 * {@link #toString()} prints no PHI.
 *
 * @param summary   the summary text, 1 to 20,000 characters; may hold line breaks and tabs (IN-2)
 * @param diagnoses the diagnoses, in order, at most 100 (may be empty)
 */
public record RecordVisitSummary(@TextRule(TextRule.Form.MULTI_LINE) @NotBlank @Size(max = 20_000) String summary,
                                 @NotNull @Size(max = 100) List<@NotNull @Valid Diagnosis> diagnoses) {
    public RecordVisitSummary {
        diagnoses = diagnoses == null || diagnoses.stream().anyMatch(Objects::isNull)
                ? diagnoses : List.copyOf(diagnoses);
    }

    @Override
    public String toString() {
        return "RecordVisitSummary[diagnoses=" + (diagnoses == null ? 0 : diagnoses.size()) + "]";
    }
}
