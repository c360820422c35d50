package org.patientportal.core.results;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The host's settings for test results: category delays (RS-2: a set of order codes and a delay,
 * to follow a state law; none by default, so results are released at import) and the component
 * codes whose numeric values have no unit (IN-2).
 *
 * <pre>{@code
 * ResultsPolicy policy = ResultsPolicy.defaults()
 *     .withCategoryDelay(Set.of("HIV-1/2 AB", "87389"), Duration.ofDays(3));
 * }</pre>
 */
public final class ResultsPolicy {
    /** The longest category delay accepted. */
    public static final Duration MAX_DELAY = Duration.ofDays(30);
    /** Default unitless codes: INR, specific gravity of urine, pH of urine and of blood (LOINC). */
    public static final Set<String> DEFAULT_UNITLESS = Set.of("6301-6", "5811-5", "2756-5", "5803-2", "11558-4");

    private final Map<String, Duration> delays;
    private final Set<String> unitless;

    private ResultsPolicy(Map<String, Duration> delays, Set<String> unitless) {
        this.delays = Map.copyOf(delays);
        this.unitless = Set.copyOf(unitless);
    }

    /** @return no category delay, {@link #DEFAULT_UNITLESS} */
    public static ResultsPolicy defaults() {
        return new ResultsPolicy(Map.of(), DEFAULT_UNITLESS);
    }

    /**
     * This policy with a category delay: a result whose order code is one of {@code orderCodes} is
     * released {@code delay} after its import (RS-2).
     *
     * @param orderCodes the order codes, not empty
     * @param delay      more than zero, at most {@link #MAX_DELAY}
     * @return the new policy
     * @throws IllegalArgumentException if a code is blank or already has a delay, or the delay is out of bounds
     */
    public ResultsPolicy withCategoryDelay(Set<String> orderCodes, Duration delay) {
        Objects.requireNonNull(orderCodes, "orderCodes");
        Objects.requireNonNull(delay, "delay");
        if (orderCodes.isEmpty()) {
            throw new IllegalArgumentException("orderCodes must not be empty");
        }
        if (delay.isNegative() || delay.isZero() || delay.compareTo(MAX_DELAY) > 0) {
            throw new IllegalArgumentException("delay must be more than zero and at most " + MAX_DELAY);
        }
        Map<String, Duration> next = new LinkedHashMap<>(delays);
        for (String code : orderCodes) {
            if (code == null || code.isBlank()) {
                throw new IllegalArgumentException("an order code must not be blank");
            }
            if (next.putIfAbsent(code, delay) != null) {
                throw new IllegalArgumentException("an order code has a delay already");
            }
        }
        return new ResultsPolicy(next, unitless);
    }

    /**
     * This policy with other unitless codes.
     *
     * @param codes the component codes whose numeric values need no unit
     * @return the new policy
     */
    public ResultsPolicy withUnitlessCodes(Set<String> codes) {
        return new ResultsPolicy(delays, Objects.requireNonNull(codes, "codes"));
    }

    /**
     * The delay of an order code.
     *
     * @param orderCode the order's code
     * @return its category delay, zero if none
     */
    public Duration delayFor(String orderCode) {
        return delays.getOrDefault(orderCode, Duration.ZERO);
    }

    /**
     * Whether a component code's numeric values need no unit.
     *
     * @param code a component code
     * @return whether it is unitless
     */
    public boolean unitless(String code) {
        return unitless.contains(code);
    }

    @Override
    public String toString() {
        return "ResultsPolicy[" + delays.size() + " delayed order codes]";
    }
}
