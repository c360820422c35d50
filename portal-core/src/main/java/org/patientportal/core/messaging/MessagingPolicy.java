package org.patientportal.core.messaging;

import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Messaging settings.
 *
 * @param defaultResponseBusinessDays a topic's expected response time when its creator gives none
 *                                    (MS-3; default 3), 1 to 30
 * @param careTeamWindow              how far back a completed visit makes a provider part of the
 *                                    patient's care team (MS-5; default 3 years)
 * @param defaultZone                 the zone business days are counted in until an admin sets the
 *                                    clinic's zone (default UTC)
 */
public record MessagingPolicy(int defaultResponseBusinessDays, Period careTeamWindow, ZoneId defaultZone) {
    /** Checks the values. */
    public MessagingPolicy {
        if (defaultResponseBusinessDays < 1 || defaultResponseBusinessDays > 30) {
            throw new IllegalArgumentException("defaultResponseBusinessDays must be 1 to 30");
        }
        Objects.requireNonNull(careTeamWindow, "careTeamWindow");
        if (careTeamWindow.isNegative() || careTeamWindow.isZero()) {
            throw new IllegalArgumentException("careTeamWindow must be positive");
        }
        Objects.requireNonNull(defaultZone, "defaultZone");
    }

    /** 3 business days, a 3-year care-team window, UTC until the clinic's zone is set. */
    public static MessagingPolicy defaults() {
        return new MessagingPolicy(3, Period.ofYears(3), ZoneOffset.UTC);
    }
}
