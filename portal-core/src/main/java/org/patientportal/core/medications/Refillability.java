package org.patientportal.core.medications;

import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/**
 * Whether a prescription can be refilled now (RF-2, RF-6), so a screen can explain before the
 * patient asks.
 *
 * @param refillableNow whether a refill request would be accepted today
 * @param reason        why not: {@code inactive}, {@code expired}, {@code no_refills_left},
 *                      {@code controlled_schedule_ii}, {@code request_open} or {@code too_early}
 * @param refillableOn  with {@code too_early}: the first day a request is accepted
 */
public record Refillability(boolean refillableNow, @Nullable String reason, @Nullable LocalDate refillableOn) {
    /** Refillable now. */
    public static final Refillability NOW = new Refillability(true, null, null);
}
