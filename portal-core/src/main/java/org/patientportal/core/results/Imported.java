package org.patientportal.core.results;

import org.patientportal.model.ResultId;

/**
 * The answer to an import.
 *
 * @param id      the result's id
 * @param outcome what the import did
 */
public record Imported(ResultId id, ImportOutcome outcome) {
}
