package org.patientportal.core.enrollment;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.patientportal.model.Delivery;

/**
 * Enrollment settings. {@link #defaults()} gives the values of the requirements: code validity by
 * channel (EN-3: letter and after-visit summary 30 days, email 24 hours, SMS 10 minutes, in person
 * 24 hours) and 5 failed verifications to lock a code (EN-6).
 *
 * @param validity          how long a code is valid, for every delivery channel; at most the EN-3 value
 * @param maxFailedAttempts failed verifications that lock a code, 1 to 5 (EN-6 is a ceiling)
 */
public record EnrollmentPolicy(Map<Delivery, Duration> validity, int maxFailedAttempts) {

    /** The most failed verifications a code may take (EN-6). */
    public static final int MAX_FAILED_ATTEMPTS = 5;

    /** The EN-3 validities: the defaults, and the longest a host may configure (NIST SP 800-63A is a floor of strictness). */
    public static final Map<Delivery, Duration> MAX_VALIDITY = Map.of(
            Delivery.LETTER, Duration.ofDays(30),
            Delivery.AFTER_VISIT_SUMMARY, Duration.ofDays(30),
            Delivery.EMAIL, Duration.ofHours(24),
            Delivery.SMS, Duration.ofMinutes(10),
            Delivery.IN_PERSON, Duration.ofHours(24));

    private static final EnrollmentPolicy DEFAULTS = new EnrollmentPolicy(MAX_VALIDITY, MAX_FAILED_ATTEMPTS);

    /**
     * Checks the values and copies the map.
     *
     * @throws NullPointerException     if the map or a value is null
     * @throws IllegalArgumentException if a channel is missing, a validity is not positive or longer than
     *                                  {@link #MAX_VALIDITY}, or
     *                                  {@code maxFailedAttempts} is not 1 to 5
     */
    public EnrollmentPolicy {
        Objects.requireNonNull(validity, "validity");
        EnumMap<Delivery, Duration> copy = new EnumMap<>(Delivery.class);
        for (Delivery delivery : Delivery.values()) {
            Duration duration = validity.get(delivery);
            if (duration == null) {
                throw new IllegalArgumentException("validity is missing for " + delivery);
            }
            if (duration.isZero() || duration.isNegative()) {
                throw new IllegalArgumentException("validity must be positive for " + delivery);
            }
            if (duration.compareTo(MAX_VALIDITY.get(delivery)) > 0) {
                throw new IllegalArgumentException("validity must not exceed the EN-3 value for " + delivery);
            }
            copy.put(delivery, duration);
        }
        validity = Map.copyOf(copy);
        if (maxFailedAttempts < 1 || maxFailedAttempts > MAX_FAILED_ATTEMPTS) {
            throw new IllegalArgumentException("maxFailedAttempts must be 1 to " + MAX_FAILED_ATTEMPTS);
        }
    }

    /** The defaults of EN-3 and EN-6. */
    public static EnrollmentPolicy defaults() {
        return DEFAULTS;
    }

    /** How long a code delivered through {@code delivery} is valid. */
    public Duration validityOf(Delivery delivery) {
        return validity.get(Objects.requireNonNull(delivery, "delivery"));
    }

    /** This policy with another validity for one channel. */
    public EnrollmentPolicy withValidity(Delivery delivery, Duration duration) {
        EnumMap<Delivery, Duration> copy = new EnumMap<>(validity);
        copy.put(Objects.requireNonNull(delivery, "delivery"), Objects.requireNonNull(duration, "duration"));
        return new EnrollmentPolicy(copy, maxFailedAttempts);
    }

    /** This policy with another failure limit (1 to 5). */
    public EnrollmentPolicy withMaxFailedAttempts(int value) {
        return new EnrollmentPolicy(validity, value);
    }
}
