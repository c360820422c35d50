package org.patientportal.core.scheduling;

import java.time.Duration;
import java.util.Objects;
import org.patientportal.model.PatientEligibility;
import org.patientportal.model.VisitTypeId;

/**
 * A visit type (SC-1).
 *
 * @param id              the visit type
 * @param name            its name
 * @param duration        how long a visit lasts
 * @param selfSchedulable whether patients book it directly (else they request it)
 * @param eligibility     new patients, established patients or any
 * @param active          whether it can be booked
 */
public record VisitTypeView(VisitTypeId id, String name, Duration duration, boolean selfSchedulable,
                            PatientEligibility eligibility, boolean active) {
    public VisitTypeView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(eligibility, "eligibility");
    }
}
