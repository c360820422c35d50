package org.patientportal.examples;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The clinic's clock for the demo: it stands still until the story moves it, so a year of a
 * family's portal use plays in a second. A real host passes {@code Clock.system(clinicZone)}.
 */
final class DemoClock extends Clock {
    private final ZoneId zone;
    private final AtomicReference<Instant> now;

    DemoClock(LocalDateTime start, ZoneId zone) {
        this.zone = zone;
        this.now = new AtomicReference<>(start.atZone(zone).toInstant());
    }

    /** Moves the clock to a local date-time of the clinic. */
    void set(LocalDateTime local) {
        now.set(local.atZone(zone).toInstant());
    }

    /** Moves the clock forward. */
    void advance(Duration duration) {
        now.updateAndGet(instant -> instant.plus(duration));
    }

    /** The clinic's local time, for the story's printout. */
    String local() {
        return LocalDateTime.ofInstant(now.get(), zone).toString().replace('T', ' ');
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId otherZone) {
        throw new UnsupportedOperationException("the demo clock keeps the clinic's zone");
    }

    @Override
    public Instant instant() {
        return now.get();
    }
}
