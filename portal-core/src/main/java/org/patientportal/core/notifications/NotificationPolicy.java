package org.patientportal.core.notifications;

import java.time.Duration;
import java.util.Objects;

/**
 * How the outbox is dispatched (NT-2). {@link #defaults()}: 8 attempts, backoff from 30 seconds
 * doubling up to 1 hour, jitter of plus or minus 20 %, claims leased for 5 minutes, batches of 100.
 *
 * <p>The delay after the {@code n}-th failed attempt is {@code min(backoffCap, backoffBase * 2^(n-1))}
 * multiplied by a random factor in {@code [1 - jitter, 1 + jitter]}; so no delay exceeds
 * {@link #maxBackoff()}. The claim lease must be longer than the slowest send: a batch does not send
 * an entry whose claim has lapsed, but a send that outlasts the lease may overlap with another
 * dispatcher's. The outcomes of a batch are recorded together once it is sent, or as soon as half
 * the lease has passed. Every claim counts as an attempt.
 *
 * @param maxAttempts  attempts before an entry is dead-lettered, 1 to 100 (NT-2 default 8)
 * @param backoffBase  the delay after the first failed attempt, positive
 * @param backoffCap   the longest delay before jitter, at least {@code backoffBase}
 * @param jitter       the relative spread of each delay, 0 to 0.5
 * @param claimLease   how long a claim holds an entry, 1 second to 1 hour
 * @param batchSize    entries claimed at once, 1 to 1000
 */
public record NotificationPolicy(int maxAttempts, Duration backoffBase, Duration backoffCap, double jitter,
                                 Duration claimLease, int batchSize) {

    private static final NotificationPolicy DEFAULTS = new NotificationPolicy(8, Duration.ofSeconds(30),
            Duration.ofHours(1), 0.2, Duration.ofMinutes(5), 100);

    /**
     * Checks the values.
     *
     * @throws NullPointerException     if a duration is null
     * @throws IllegalArgumentException if a value is out of its range
     */
    public NotificationPolicy {
        Objects.requireNonNull(backoffBase, "backoffBase");
        Objects.requireNonNull(backoffCap, "backoffCap");
        Objects.requireNonNull(claimLease, "claimLease");
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new IllegalArgumentException("maxAttempts must be 1 to 100");
        }
        if (backoffBase.isZero() || backoffBase.isNegative()) {
            throw new IllegalArgumentException("backoffBase must be positive");
        }
        if (backoffCap.compareTo(backoffBase) < 0) {
            throw new IllegalArgumentException("backoffCap must not be shorter than backoffBase");
        }
        if (!(jitter >= 0 && jitter <= 0.5)) {
            throw new IllegalArgumentException("jitter must be 0 to 0.5");
        }
        if (claimLease.compareTo(Duration.ofSeconds(1)) < 0 || claimLease.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("claimLease must be 1 second to 1 hour");
        }
        if (batchSize < 1 || batchSize > 1000) {
            throw new IllegalArgumentException("batchSize must be 1 to 1000");
        }
    }

    /** The defaults of NT-2. */
    public static NotificationPolicy defaults() {
        return DEFAULTS;
    }

    /** This policy with another number of attempts. */
    public NotificationPolicy withMaxAttempts(int value) {
        return new NotificationPolicy(value, backoffBase, backoffCap, jitter, claimLease, batchSize);
    }

    /** This policy with another backoff. */
    public NotificationPolicy withBackoff(Duration base, Duration cap) {
        return new NotificationPolicy(maxAttempts, base, cap, jitter, claimLease, batchSize);
    }

    /** This policy with another jitter. */
    public NotificationPolicy withJitter(double value) {
        return new NotificationPolicy(maxAttempts, backoffBase, backoffCap, value, claimLease, batchSize);
    }

    /** This policy with another claim lease. */
    public NotificationPolicy withClaimLease(Duration value) {
        return new NotificationPolicy(maxAttempts, backoffBase, backoffCap, jitter, value, batchSize);
    }

    /** This policy with another batch size. */
    public NotificationPolicy withBatchSize(int value) {
        return new NotificationPolicy(maxAttempts, backoffBase, backoffCap, jitter, claimLease, value);
    }

    /**
     * The delay after the {@code failedAttempts}-th failed attempt.
     *
     * @param failedAttempts attempts made so far, at least 1
     * @param random         a draw from {@code [0, 1)} that sets the jitter
     * @return the delay, between {@code (1 - jitter)} and {@code (1 + jitter)} times the capped
     *         exponential delay
     */
    public Duration backoff(int failedAttempts, double random) {
        if (failedAttempts < 1) {
            throw new IllegalArgumentException("failedAttempts must be at least 1");
        }
        if (!(random >= 0 && random < 1)) {
            throw new IllegalArgumentException("random must be in [0, 1)");
        }
        long baseMillis = backoffBase.toMillis();
        long capMillis = backoffCap.toMillis();
        long delay = baseMillis;
        for (int i = 1; i < failedAttempts && delay < capMillis; i++) {
            delay = delay * 2;
        }
        delay = Math.min(delay, capMillis);
        double factor = 1 + jitter * (2 * random - 1);
        return Duration.ofMillis(Math.max(1, Math.round(delay * factor)));
    }

    /** The longest delay {@link #backoff} can give: the cap plus the jitter. */
    public Duration maxBackoff() {
        return Duration.ofMillis((long) Math.ceil(backoffCap.toMillis() * (1 + jitter)));
    }
}
