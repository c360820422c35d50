package org.patientportal.model;

import java.time.Duration;
import java.util.Objects;

/**
 * A kind of visit (SC-1).
 *
 * @param id              the visit type's id
 * @param name            display name ("Annual physical")
 * @param duration        how long it takes, a positive whole number of seconds
 * @param selfSchedulable whether patients book it themselves; if not, they send a request staff turn into an appointment
 * @param eligibility     new patients, established patients or any
 * @param active          whether it can still be booked
 * @param version         optimistic-lock version, 0 for a new row
 */
public record VisitType(VisitTypeId id, String name, Duration duration, boolean selfSchedulable,
                        PatientEligibility eligibility, boolean active, long version) {
    public VisitType {
        Objects.requireNonNull(id, "id");
        Checks.notBlank(name, "name");
        Objects.requireNonNull(duration, "duration");
        if (duration.isZero() || duration.isNegative() || duration.getNano() != 0) {
            throw new IllegalArgumentException("duration must be a positive whole number of seconds");
        }
        Objects.requireNonNull(eligibility, "eligibility");
        Checks.notNegative(version, "version");
    }
}
