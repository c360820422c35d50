package org.patientportal.core.results;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The host's settings for test results: category delays (RS-2: a set of order codes and a delay,
 * to follow a state law; none by default, so results are released at import), which results are
 * sensitive, so that a patient's own delay applies to them (RS-2, patient-requested; none by
 * default), the longest delay a patient may ask for, and the component codes whose numeric values
 * have no unit (IN-2).
 *
 * <pre>{@code
 * ResultsPolicy policy = ResultsPolicy.defaults()
 *     .withCategoryDelay(Set.of("HIV-1/2 AB", "87389"), Duration.ofDays(3))
 *     .withSensitiveOrderCodes(Set.of("HIV-1/2 AB", "88305"));
 * }</pre>
 *
 * @param categoryDelays      the category delay of each order code that has one, each more than zero
 *                            and at most {@link #MAX_DELAY}
 * @param unitlessCodes       the component codes whose numeric values need no unit
 * @param sensitiveOrderCodes the order codes whose results a patient's own delay applies to
 * @param allResultsSensitive whether a patient's own delay applies to every result
 * @param maxPatientDelayDays the longest delay a patient may ask for, 1 to {@link #MAX_PATIENT_DELAY_DAYS} days
 */
public record ResultsPolicy(Map<String, Duration> categoryDelays, Set<String> unitlessCodes,
                            Set<String> sensitiveOrderCodes, boolean allResultsSensitive, int maxPatientDelayDays) {
    /** The longest category delay accepted. */
    public static final Duration MAX_DELAY = Duration.ofDays(30);
    /** Default unitless codes: INR, specific gravity of urine, pH of urine and of blood (LOINC). */
    public static final Set<String> DEFAULT_UNITLESS = Set.of("6301-6", "5811-5", "2756-5", "5803-2", "11558-4");

    /** The default longest delay a patient may ask for, in days. */
    public static final int DEFAULT_MAX_PATIENT_DELAY_DAYS = 30;
    /** The longest delay a host may let a patient ask for, in days. */
    public static final int MAX_PATIENT_DELAY_DAYS = 365;

    /**
     * Checks and copies the settings.
     *
     * @throws IllegalArgumentException if an order code is blank, a delay or the patient's maximum out of bounds
     */
    public ResultsPolicy {
        categoryDelays = Map.copyOf(Objects.requireNonNull(categoryDelays, "categoryDelays"));
        unitlessCodes = Set.copyOf(Objects.requireNonNull(unitlessCodes, "unitlessCodes"));
        sensitiveOrderCodes = Set.copyOf(Objects.requireNonNull(sensitiveOrderCodes, "sensitiveOrderCodes"));
        for (Map.Entry<String, Duration> entry : categoryDelays.entrySet()) {
            requireCode(entry.getKey());
            Duration delay = entry.getValue();
            if (delay.isNegative() || delay.isZero() || delay.compareTo(MAX_DELAY) > 0) {
                throw new IllegalArgumentException("delay must be more than zero and at most " + MAX_DELAY);
            }
        }
        sensitiveOrderCodes.forEach(ResultsPolicy::requireCode);
        if (maxPatientDelayDays < 1 || maxPatientDelayDays > MAX_PATIENT_DELAY_DAYS) {
            throw new IllegalArgumentException("days must be 1 to " + MAX_PATIENT_DELAY_DAYS);
        }
    }

    private static void requireCode(String code) {
        if (code.isBlank()) {
            throw new IllegalArgumentException("an order code must not be blank");
        }
    }

    /**
     * @return no category delay, no sensitive result, patients' delays up to
     *         {@link #DEFAULT_MAX_PATIENT_DELAY_DAYS} days, {@link #DEFAULT_UNITLESS}
     */
    public static ResultsPolicy defaults() {
        return new ResultsPolicy(Map.of(), DEFAULT_UNITLESS, Set.of(), false, DEFAULT_MAX_PATIENT_DELAY_DAYS);
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
        Map<String, Duration> next = new LinkedHashMap<>(categoryDelays);
        for (String code : orderCodes) {
            if (code == null || code.isBlank()) {
                throw new IllegalArgumentException("an order code must not be blank");
            }
            if (next.putIfAbsent(code, delay) != null) {
                throw new IllegalArgumentException("an order code has a delay already");
            }
        }
        return new ResultsPolicy(next, unitlessCodes, sensitiveOrderCodes, allResultsSensitive, maxPatientDelayDays);
    }

    /**
     * This policy with more sensitive order codes: a patient's own delay applies to results with
     * these order codes (RS-2, patient-requested).
     *
     * @param orderCodes the order codes, not empty, none blank
     * @return the new policy
     * @throws IllegalArgumentException if the set is empty or a code is blank
     */
    public ResultsPolicy withSensitiveOrderCodes(Set<String> orderCodes) {
        Objects.requireNonNull(orderCodes, "orderCodes");
        if (orderCodes.isEmpty()) {
            throw new IllegalArgumentException("orderCodes must not be empty");
        }
        Set<String> next = new HashSet<>(sensitiveOrderCodes);
        for (String code : orderCodes) {
            if (code == null || code.isBlank()) {
                throw new IllegalArgumentException("an order code must not be blank");
            }
            next.add(code);
        }
        return new ResultsPolicy(categoryDelays, unitlessCodes, next, allResultsSensitive, maxPatientDelayDays);
    }

    /**
     * This policy with every result sensitive: a patient's own delay applies to all their results.
     *
     * @return the new policy
     */
    public ResultsPolicy withAllResultsSensitive() {
        return new ResultsPolicy(categoryDelays, unitlessCodes, sensitiveOrderCodes, true, maxPatientDelayDays);
    }

    /**
     * This policy with another longest delay a patient may ask for.
     *
     * @param days 1 to {@link #MAX_PATIENT_DELAY_DAYS}
     * @return the new policy
     * @throws IllegalArgumentException if the days are out of bounds
     */
    public ResultsPolicy withMaxPatientDelayDays(int days) {
        if (days < 1 || days > MAX_PATIENT_DELAY_DAYS) {
            throw new IllegalArgumentException("days must be 1 to " + MAX_PATIENT_DELAY_DAYS);
        }
        return new ResultsPolicy(categoryDelays, unitlessCodes, sensitiveOrderCodes, allResultsSensitive, days);
    }

    /**
     * Whether a patient's own delay applies to results of an order code.
     *
     * @param orderCode the order's code
     * @return whether such results are sensitive
     */
    public boolean sensitive(String orderCode) {
        return allResultsSensitive || sensitiveOrderCodes.contains(orderCode);
    }

    /**
     * This policy with other unitless codes.
     *
     * @param codes the component codes whose numeric values need no unit
     * @return the new policy
     */
    public ResultsPolicy withUnitlessCodes(Set<String> codes) {
        return new ResultsPolicy(categoryDelays, Objects.requireNonNull(codes, "codes"), sensitiveOrderCodes,
                allResultsSensitive, maxPatientDelayDays);
    }

    /**
     * The delay of an order code.
     *
     * @param orderCode the order's code
     * @return its category delay, zero if none
     */
    public Duration delayFor(String orderCode) {
        return categoryDelays.getOrDefault(orderCode, Duration.ZERO);
    }

    /**
     * Whether a component code's numeric values need no unit.
     *
     * @param code a component code
     * @return whether it is unitless
     */
    public boolean unitless(String code) {
        return unitlessCodes.contains(code);
    }

    @Override
    public String toString() {
        return "ResultsPolicy[" + categoryDelays.size() + " delayed order codes, "
                + (allResultsSensitive ? "all" : String.valueOf(sensitiveOrderCodes.size())) + " sensitive]";
    }
}
