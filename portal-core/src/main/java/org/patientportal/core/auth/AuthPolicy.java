package org.patientportal.core.auth;

import java.time.Duration;
import java.util.Objects;

/**
 * Session and login-throttling settings (AU-2, AU-5, AU-6). {@link #defaults()} gives the values of
 * the requirements; the withers change one value each.
 *
 * @param idleTimeout      a session ends after this long without activity (default 15 minutes)
 * @param absoluteTimeout  a session ends this long after login, whatever its activity (default 12 hours)
 * @param cacheTtl         how long one node may serve a validated token from memory, 0 to 5 seconds
 *                         (default 5 seconds; 0 turns the cache off)
 * @param lockoutThreshold consecutive failures after which an account is locked (default 5)
 * @param lockoutBase      the first lockout, doubled at each further failure (default 1 minute)
 * @param lockoutMax       the longest lockout (default 15 minutes)
 * @param hardLimit        consecutive failures that disable the account, at most 100 (NIST SP 800-63B; default 100)
 * @param secondFactor     whether the host adds a second factor, which lowers the password minimum
 *                         from 15 to 8 code points (AU-2; default false)
 */
public record AuthPolicy(
        Duration idleTimeout,
        Duration absoluteTimeout,
        Duration cacheTtl,
        int lockoutThreshold,
        Duration lockoutBase,
        Duration lockoutMax,
        int hardLimit,
        boolean secondFactor) {

    /** The longest {@link #cacheTtl()} allowed (AU-6: "at most a few seconds"). */
    public static final Duration MAX_CACHE_TTL = Duration.ofSeconds(5);
    /** Shortest password when it is the only factor, in code points (AU-2). */
    public static final int MIN_PASSWORD_SINGLE_FACTOR = 15;
    /** Shortest password with a second factor, in code points (AU-2). */
    public static final int MIN_PASSWORD_WITH_SECOND_FACTOR = 8;
    /** Longest password, in code points (AU-2). */
    public static final int MAX_PASSWORD = 256;
    /** The most consecutive failures ever allowed (AU-5, NIST SP 800-63B). */
    public static final int MAX_HARD_LIMIT = 100;

    private static final AuthPolicy DEFAULTS = new AuthPolicy(Duration.ofMinutes(15), Duration.ofHours(12),
            MAX_CACHE_TTL, 5, Duration.ofMinutes(1), Duration.ofMinutes(15), MAX_HARD_LIMIT, false);

    /**
     * Checks the values.
     *
     * @throws NullPointerException     if a duration is null
     * @throws IllegalArgumentException if a value is out of its range
     */
    public AuthPolicy {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(absoluteTimeout, "absoluteTimeout");
        Objects.requireNonNull(cacheTtl, "cacheTtl");
        Objects.requireNonNull(lockoutBase, "lockoutBase");
        Objects.requireNonNull(lockoutMax, "lockoutMax");
        positive(idleTimeout, "idleTimeout");
        positive(absoluteTimeout, "absoluteTimeout");
        if (absoluteTimeout.compareTo(idleTimeout) < 0) {
            throw new IllegalArgumentException("absoluteTimeout must not be shorter than idleTimeout");
        }
        if (cacheTtl.isNegative() || cacheTtl.compareTo(MAX_CACHE_TTL) > 0) {
            throw new IllegalArgumentException("cacheTtl must be 0 to 5 seconds");
        }
        if (lockoutThreshold < 1) {
            throw new IllegalArgumentException("lockoutThreshold must be at least 1");
        }
        positive(lockoutBase, "lockoutBase");
        if (lockoutMax.compareTo(lockoutBase) < 0) {
            throw new IllegalArgumentException("lockoutMax must not be shorter than lockoutBase");
        }
        if (hardLimit <= lockoutThreshold || hardLimit > MAX_HARD_LIMIT) {
            throw new IllegalArgumentException("hardLimit must be above lockoutThreshold and at most 100");
        }
    }

    /** The defaults of the requirements: 15 min idle, 12 h absolute, 5 s cache, lockout after 5 failures (1, 2, 4, 8, 15 min), disabled at 100, no second factor. */
    public static AuthPolicy defaults() {
        return DEFAULTS;
    }

    /** The shortest password accepted (AU-2): 15 code points, or 8 with a second factor. */
    public int minPasswordLength() {
        return secondFactor ? MIN_PASSWORD_WITH_SECOND_FACTOR : MIN_PASSWORD_SINGLE_FACTOR;
    }

    /**
     * How long an account stays locked after its {@code failures}-th consecutive failure (AU-5):
     * zero below the threshold, then the base doubled once per further failure, capped at the
     * maximum (1, 2, 4, 8, 15, 15 ... minutes by default).
     */
    public Duration lockoutAfter(int failures) {
        if (failures < lockoutThreshold) {
            return Duration.ZERO;
        }
        int doublings = failures - lockoutThreshold;
        if (doublings >= 30) {
            return lockoutMax;
        }
        Duration lockout = lockoutBase.multipliedBy(1L << doublings);
        return lockout.compareTo(lockoutMax) > 0 ? lockoutMax : lockout;
    }

    /** This policy with another idle timeout. */
    public AuthPolicy withIdleTimeout(Duration value) {
        return new AuthPolicy(value, absoluteTimeout, cacheTtl, lockoutThreshold, lockoutBase, lockoutMax, hardLimit, secondFactor);
    }

    /** This policy with another absolute timeout. */
    public AuthPolicy withAbsoluteTimeout(Duration value) {
        return new AuthPolicy(idleTimeout, value, cacheTtl, lockoutThreshold, lockoutBase, lockoutMax, hardLimit, secondFactor);
    }

    /** This policy with another validation-cache lifetime (0 to 5 seconds). */
    public AuthPolicy withCacheTtl(Duration value) {
        return new AuthPolicy(idleTimeout, absoluteTimeout, value, lockoutThreshold, lockoutBase, lockoutMax, hardLimit, secondFactor);
    }

    /** This policy with another lockout threshold. */
    public AuthPolicy withLockoutThreshold(int value) {
        return new AuthPolicy(idleTimeout, absoluteTimeout, cacheTtl, value, lockoutBase, lockoutMax, hardLimit, secondFactor);
    }

    /** This policy with another first lockout. */
    public AuthPolicy withLockoutBase(Duration value) {
        return new AuthPolicy(idleTimeout, absoluteTimeout, cacheTtl, lockoutThreshold, value, lockoutMax, hardLimit, secondFactor);
    }

    /** This policy with another longest lockout. */
    public AuthPolicy withLockoutMax(Duration value) {
        return new AuthPolicy(idleTimeout, absoluteTimeout, cacheTtl, lockoutThreshold, lockoutBase, value, hardLimit, secondFactor);
    }

    /** This policy with another hard limit (at most 100). */
    public AuthPolicy withHardLimit(int value) {
        return new AuthPolicy(idleTimeout, absoluteTimeout, cacheTtl, lockoutThreshold, lockoutBase, lockoutMax, value, secondFactor);
    }

    /** This policy with or without a second factor. */
    public AuthPolicy withSecondFactor(boolean value) {
        return new AuthPolicy(idleTimeout, absoluteTimeout, cacheTtl, lockoutThreshold, lockoutBase, lockoutMax, hardLimit, value);
    }

    private static void positive(Duration value, String name) {
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
