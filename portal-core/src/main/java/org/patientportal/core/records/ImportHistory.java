package org.patientportal.core.records;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A batch of one patient's history entries from the clinic's record system, 1 to 500, written in
 * one transaction (HH-3).
 *
 * @param entries the entries, in the order to apply them
 */
public record ImportHistory(@NotNull @Size(min = 1, max = 500) List<@NotNull @Valid HistoryRecord> entries) {
}
