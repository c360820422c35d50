package org.patientportal.core.maintenance;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * What {@link Maintenance#purge} deletes: rows older than these bounds, each at least one day. An
 * idempotency key retried after its record is purged runs its command again (IN-1), so keep the
 * records longer than any client retries: {@link #defaults()} keeps outbox entries 30 days after
 * delivery or cancellation and idempotency records 7 days.
 *
 * @param outboxOlderThan      delivered and cancelled outbox entries completed longer ago than this go
 * @param idempotencyOlderThan idempotency records created longer ago than this go
 */
public record Purge(@NotNull Duration outboxOlderThan, @NotNull Duration idempotencyOlderThan) {
    /** Rows deleted per statement (and transaction). */
    public static final int BATCH = 5_000;
    /** Batches per kind of row in one call. */
    public static final int MAX_BATCHES = 100;
    /** The shortest bound accepted. */
    public static final Duration MIN_AGE = Duration.ofDays(1);

    /** 30 days for outbox entries, 7 days for idempotency records. */
    public static Purge defaults() {
        return new Purge(Duration.ofDays(30), Duration.ofDays(7));
    }
}
