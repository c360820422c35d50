package org.patientportal.core.medications;

/**
 * Refill settings (RF-2).
 *
 * @param tooEarlyPercent the share of a fill's days of supply that must have passed since the last
 *                        fill before a refill is accepted, 1 to 100 (default 75)
 */
public record RefillPolicy(int tooEarlyPercent) {
    /** Checks the range. */
    public RefillPolicy {
        if (tooEarlyPercent < 1 || tooEarlyPercent > 100) {
            throw new IllegalArgumentException("tooEarlyPercent must be 1 to 100");
        }
    }

    /** The defaults: 75 %. */
    public static RefillPolicy defaults() {
        return new RefillPolicy(75);
    }
}
