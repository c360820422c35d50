package org.patientportal.core.results;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The patient's own delay of their sensitive results (RS-2, patient-requested), as set.
 *
 * @param days      the delay in days, 0 for none (also when never set)
 * @param maxDays   the longest delay the host allows ({@link ResultsPolicy#maxPatientDelayDays()})
 * @param updatedAt when it was last set, or null if never
 */
public record ReleaseDelay(int days, int maxDays, @Nullable Instant updatedAt) {
}
