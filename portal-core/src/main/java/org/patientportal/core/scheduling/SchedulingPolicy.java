package org.patientportal.core.scheduling;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Scheduling settings. {@link #defaults()}: lead time 2 hours (SC-3), cancellation cutoff 24 hours
 * (SC-4), reminders 7 days and 1 day before the start (SC-6), search range at most 90 days (SC-2),
 * pages of at most 100 rows.
 *
 * @param leadTime       how far ahead of its start a slot must be to be booked; zero or positive
 * @param cancelCutoff   how far ahead of its start an appointment may still be cancelled or moved; zero or positive
 * @param reminders      how long before the start each reminder goes out, each positive, no duplicates
 * @param maxSearchRange the widest date range a slot search may cover, at least one day, whole days
 * @param maxPageSize    the largest page a scheduling list returns, 1 to 1000 (a {@link org.patientportal.core.PageRequest}
 *                       asks for at most {@value org.patientportal.core.PageRequest#MAX_SIZE})
 */
public record SchedulingPolicy(Duration leadTime, Duration cancelCutoff, List<Duration> reminders,
                               Duration maxSearchRange, int maxPageSize) {

    private static final SchedulingPolicy DEFAULTS = new SchedulingPolicy(Duration.ofHours(2), Duration.ofHours(24),
            List.of(Duration.ofDays(7), Duration.ofDays(1)), Duration.ofDays(90), 100);

    /**
     * Checks the values and copies the list.
     *
     * @throws NullPointerException     if a part is null
     * @throws IllegalArgumentException if a value is out of range
     */
    public SchedulingPolicy {
        Objects.requireNonNull(leadTime, "leadTime");
        Objects.requireNonNull(cancelCutoff, "cancelCutoff");
        Objects.requireNonNull(maxSearchRange, "maxSearchRange");
        reminders = List.copyOf(Objects.requireNonNull(reminders, "reminders"));
        if (leadTime.isNegative()) {
            throw new IllegalArgumentException("leadTime must not be negative");
        }
        if (cancelCutoff.isNegative()) {
            throw new IllegalArgumentException("cancelCutoff must not be negative");
        }
        for (Duration reminder : reminders) {
            if (reminder.isZero() || reminder.isNegative()) {
                throw new IllegalArgumentException("every reminder must be positive");
            }
        }
        if (reminders.stream().distinct().count() != reminders.size()) {
            throw new IllegalArgumentException("reminders must not repeat");
        }
        if (maxSearchRange.toDays() < 1 || !maxSearchRange.equals(Duration.ofDays(maxSearchRange.toDays()))) {
            throw new IllegalArgumentException("maxSearchRange must be a whole number of days, at least one");
        }
        if (maxPageSize < 1 || maxPageSize > 1000) {
            throw new IllegalArgumentException("maxPageSize must be 1 to 1000");
        }
    }

    /** The defaults of SC-2, SC-3, SC-4 and SC-6. */
    public static SchedulingPolicy defaults() {
        return DEFAULTS;
    }

    /** This policy with another lead time. */
    public SchedulingPolicy withLeadTime(Duration value) {
        return new SchedulingPolicy(value, cancelCutoff, reminders, maxSearchRange, maxPageSize);
    }

    /** This policy with another cancellation cutoff. */
    public SchedulingPolicy withCancelCutoff(Duration value) {
        return new SchedulingPolicy(leadTime, value, reminders, maxSearchRange, maxPageSize);
    }

    /** This policy with other reminder offsets. */
    public SchedulingPolicy withReminders(List<Duration> value) {
        return new SchedulingPolicy(leadTime, cancelCutoff, value, maxSearchRange, maxPageSize);
    }

    /** This policy with another maximum search range. */
    public SchedulingPolicy withMaxSearchRange(Duration value) {
        return new SchedulingPolicy(leadTime, cancelCutoff, reminders, value, maxPageSize);
    }

    /** This policy with another maximum page size. */
    public SchedulingPolicy withMaxPageSize(int value) {
        return new SchedulingPolicy(leadTime, cancelCutoff, reminders, maxSearchRange, value);
    }
}
