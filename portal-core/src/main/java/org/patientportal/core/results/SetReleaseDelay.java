package org.patientportal.core.results;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * The patient's own delay of their sensitive results (RS-2, patient-requested): "let my clinician
 * review sensitive results first, up to N days". A sensitive result imported while it is set is
 * released {@code days} days after its import at the earliest, or when a clinician releases it,
 * whichever comes first (a host's category delay still applies).
 *
 * @param days the delay in days, 0 for none, at most {@link ResultsPolicy#maxPatientDelayDays()}
 */
public record SetReleaseDelay(@Min(0) @Max(365) int days) {
}
