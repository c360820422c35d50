package org.patientportal.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that a test sets and advances instead of sleeping, in the clinic's time zone
 * (the zone the SDK reads dates in: birthdays, slot templates, cancellation cutoffs).
 *
 * <pre>{@code
 * TestClock clock = TestClock.at(LocalDateTime.parse("2026-03-02T09:00"), ZoneId.of("America/Chicago"));
 * Portal portal = Portal.builder().clock(clock)...build();
 * clock.advance(Duration.ofDays(6));   // a week later, less a day
 * clock.set(LocalDateTime.parse("2026-03-09T08:00"));
 * }</pre>
 *
 * <p>It stands still until told to move. {@link #advance} only moves forward; only {@link #set}
 * may move it back, so a test that goes back in time says so. Thread-safe: the time is one
 * {@link AtomicReference}, shared with the clocks {@link #withZone} returns.
 */
public final class TestClock extends Clock {
    /** Where {@link #start()} begins: 2026-03-02T09:00:00Z, a Monday morning. */
    public static final Instant DEFAULT_START = Instant.parse("2026-03-02T09:00:00Z");

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    private TestClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /**
     * A clock at {@link #DEFAULT_START} in UTC.
     *
     * @return the clock
     */
    public static TestClock start() {
        return at(DEFAULT_START, ZoneOffset.UTC);
    }

    /**
     * A clock at an instant, in a zone.
     *
     * @param start where the clock stands
     * @param zone  the clinic's time zone
     * @return the clock
     */
    public static TestClock at(Instant start, ZoneId zone) {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(zone, "zone");
        return new TestClock(new AtomicReference<>(start), zone);
    }

    /**
     * A clock at a wall-clock time in a zone, resolved as {@link #set(LocalDateTime)} resolves it.
     *
     * @param start the local date and time where the clock stands
     * @param zone  the clinic's time zone
     * @return the clock
     */
    public static TestClock at(LocalDateTime start, ZoneId zone) {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(zone, "zone");
        return at(ZonedDateTime.of(start, zone).toInstant(), zone);
    }

    /**
     * Moves the clock to an instant, forward or back.
     *
     * @param instant the new time
     */
    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
    }

    /**
     * Moves the clock, forward or back, to a wall-clock time in its zone. A time that the zone skips
     * (a daylight-saving gap) is moved later by the length of the gap; a time that occurs twice (an
     * overlap) is the earlier of the two, as {@link ZonedDateTime#of} resolves them.
     *
     * @param localDateTime the new date and time in the clock's zone
     */
    public void set(LocalDateTime localDateTime) {
        Objects.requireNonNull(localDateTime, "localDateTime");
        set(ZonedDateTime.of(localDateTime, zone).toInstant());
    }

    /**
     * Moves the clock forward.
     *
     * @param amount how far, zero or more
     * @return the new time
     * @throws IllegalArgumentException if {@code amount} is negative: use {@link #set(Instant)} to go back
     */
    public Instant advance(Duration amount) {
        Objects.requireNonNull(amount, "amount");
        if (amount.isNegative()) {
            throw new IllegalArgumentException("a test clock only advances; use set(...) to go back, was " + amount);
        }
        return now.updateAndGet(current -> current.plus(amount));
    }

    /**
     * The current date and time in the clock's zone.
     *
     * @return the zoned date-time
     */
    public ZonedDateTime now() {
        return instant().atZone(zone);
    }

    /**
     * The current date in the clock's zone.
     *
     * @return the date
     */
    public LocalDate today() {
        return now().toLocalDate();
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /**
     * A view of this clock in another zone: it shares the time, so setting or advancing either
     * moves both.
     *
     * @param zone the zone of the view
     * @return the view
     */
    @Override
    public TestClock withZone(ZoneId zone) {
        return new TestClock(now, Objects.requireNonNull(zone, "zone"));
    }

    @Override
    public String toString() {
        return "TestClock[" + now.get() + ", " + zone + "]";
    }
}
