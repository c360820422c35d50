package org.patientportal.spi.storage;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * When consecutive failed logins lock an account (AU-5), given to
 * {@link Accounts#recordLoginFailure(org.patientportal.model.AccountId, Instant, LoginLockout)} so
 * that the store decides "locked?" and counts the failure in one atomic write.
 *
 * <p>After the {@code threshold}-th consecutive failure the account is locked for {@code steps[0]}
 * from that failure, after the next one for {@code steps[1]}, and so on; the last step applies to
 * every further failure. An account is locked at {@code now} when its count is at least
 * {@code threshold} and {@code now} is before its last failure plus {@link #after(int) after(count)}.
 * No steps: the account is never locked.
 *
 * @param threshold the consecutive failures from which the account is locked, at least 1
 * @param steps     the lockouts, each positive, at most {@value #MAX_STEPS}
 */
public record LoginLockout(int threshold, List<Duration> steps) {

    /** The most steps a lockout may have (one per failure up to the AU-5 limit of 100). */
    public static final int MAX_STEPS = 100;

    private static final LoginLockout NONE = new LoginLockout(1, List.of());

    public LoginLockout {
        if (threshold < 1) {
            throw new IllegalArgumentException("threshold must be at least 1");
        }
        steps = List.copyOf(Objects.requireNonNull(steps, "steps"));
        if (steps.size() > MAX_STEPS) {
            throw new IllegalArgumentException("at most " + MAX_STEPS + " steps");
        }
        for (Duration step : steps) {
            if (step.isZero() || step.isNegative()) {
                throw new IllegalArgumentException("every step must be positive");
            }
        }
    }

    /** A lockout that never locks: every failure is counted. */
    public static LoginLockout none() {
        return NONE;
    }

    /**
     * How long an account stays locked after its {@code failures}-th consecutive failure: zero below
     * the threshold or without steps.
     *
     * @param failures the consecutive failures counted
     * @return the lockout, from the last failure
     */
    public Duration after(int failures) {
        if (steps.isEmpty() || failures < threshold) {
            return Duration.ZERO;
        }
        long index = Math.min((long) failures - threshold, steps.size() - 1L);
        return steps.get((int) index);
    }

    /**
     * Whether an account with this count and last failure is locked at {@code now}.
     *
     * @param failures      the consecutive failures counted
     * @param lastFailureAt the last failure, or null if none was recorded
     * @param now           the instant asked about
     * @return true while {@code now} is before {@code lastFailureAt + after(failures)}
     */
    public boolean lockedAt(int failures, Instant lastFailureAt, Instant now) {
        Objects.requireNonNull(now, "now");
        Duration lockout = after(failures);
        return !lockout.isZero() && lastFailureAt != null && now.isBefore(lastFailureAt.plus(lockout));
    }
}
