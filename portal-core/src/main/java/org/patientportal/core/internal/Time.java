package org.patientportal.core.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Business time from the injected clock (never {@code Instant.now()}), truncated to microseconds:
 * the finest precision PostgreSQL keeps, so that an instant reads back exactly as written (audit
 * hashes cover instants).
 */
public final class Time {
    private Time() {
    }

    /** The clock's instant, truncated to microseconds. */
    public static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
