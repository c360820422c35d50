package org.patientportal.core.internal;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.patientportal.core.InvalidRequestException;
import org.patientportal.core.InvalidRequestException.Violation;

/**
 * Jakarta Validation of commands at the use-case boundary (IN-2), before anything is read or
 * written: every violation at once, with its field path. Hibernate Validator with the
 * {@link ParameterMessageInterpolator} (no expression language) and the injected clock for
 * {@code @Past} and friends, then the rules every command keeps without an annotation per field
 * ({@link InputRules}: the text rule, sane dates and durations). Messages never quote the value;
 * paths quote map keys only escaped and cut ({@link #pathKey}).
 */
public final class Validation {
    /** The most characters of a map key a path shows. */
    public static final int MAX_KEY = 40;
    private static final String CUT = "\u2026";

    private final ValidatorFactory factory;
    private final Validator validator;

    /**
     * Builds the validator.
     *
     * @param clock the injected clock, used by temporal constraints
     */
    public Validation(Clock clock) {
        Objects.requireNonNull(clock, "clock");
        this.factory = jakarta.validation.Validation.byProvider(HibernateValidator.class)
                .configure()
                .messageInterpolator(new ParameterMessageInterpolator())
                .clockProvider(() -> clock)
                .buildValidatorFactory();
        this.validator = factory.getValidator();
    }

    /**
     * The violations of {@code command}'s constraints, with field paths; a null command gives one
     * violation on {@code "command"}.
     */
    public List<Violation> violations(Object command) {
        if (command == null) {
            return List.of(new Violation("command", "must not be null"));
        }
        List<Violation> out = new ArrayList<>(2);
        for (ConstraintViolation<Object> violation : validator.validate(command)) {
            String path = path(violation.getPropertyPath());
            out.add(new Violation(path.isEmpty() ? "command" : path, violation.getMessage()));
        }
        InputRules.check(command, out);
        return out.isEmpty() ? List.of() : out.stream().distinct().toList();
    }

    /**
     * A map key or other user-supplied text as it may appear inside a violation's path: at most
     * {@value #MAX_KEY} characters (then cut, with {@code "…"}), every control character, line or
     * paragraph separator, unpaired surrogate, backslash and square bracket escaped as
     * <code>&#92;uXXXX</code>, so a path is one short line whatever the key (LG-2).
     *
     * @param key the key as given
     * @return the key as shown in paths
     */
    public static String pathKey(String key) {
        int end = key.length() <= MAX_KEY ? key.length() : key.offsetByCodePoints(0,
                Math.min(MAX_KEY, key.codePointCount(0, key.length())));
        StringBuilder out = new StringBuilder(end + 8);
        for (int i = 0; i < end; i++) {
            char c = key.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(key.charAt(i + 1));
            if (pair) {
                out.append(c).append(key.charAt(++i));
            } else if (Character.isISOControl(c) || Character.isSurrogate(c) || c == '\\' || c == '[' || c == ']'
                    || c == '\u2028' || c == '\u2029' || c == '\uFFFE' || c == '\uFFFF') {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (end < key.length()) {
            out.append(CUT);
        }
        return out.toString();
    }

    /**
     * The text of a Hibernate Validator path: {@code name}, {@code diagnoses[0].code},
     * {@code channelsByKind<K>[key]} for a map key and {@code channelsByKind[key]} for its value,
     * keys through {@link #pathKey}.
     */
    private static String path(Path path) {
        StringBuilder out = new StringBuilder();
        for (Path.Node node : path) {
            String name = node.getName();
            boolean element = name != null && name.startsWith("<");
            if (node.isInIterable()) {
                if (node.getKind() == ElementKind.CONTAINER_ELEMENT && "<map key>".equals(name)) {
                    out.append("<K>");
                }
                Object key = node.getKey();
                out.append('[').append(node.getIndex() != null ? node.getIndex().toString()
                        : key != null ? pathKey(String.valueOf(key)) : "").append(']');
            }
            if (name != null && !element) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(name);
            }
        }
        return out.toString();
    }

    /**
     * Validates {@code command}.
     *
     * @throws InvalidRequestException with every violation if there is one
     */
    public void validate(Object command) {
        validate(command, List.of());
    }

    /**
     * Validates {@code command} and reports its violations together with {@code extra} ones found by
     * the caller (code format, password rules, ...).
     *
     * @throws InvalidRequestException with every violation if there is one
     */
    public void validate(Object command, List<Violation> extra) {
        List<Violation> all = new ArrayList<>(violations(command));
        all.addAll(extra);
        require(all);
    }

    /**
     * Throws if there is any violation.
     *
     * @throws InvalidRequestException with every violation, deduplicated (see {@link #concise}), sorted by path
     */
    public static void require(List<Violation> violations) {
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(concise(violations));
        }
    }

    /**
     * The violations without duplicates, and without a violation of the rules every command keeps
     * ({@link InputRules}: text, date range) on a path that has a more specific one already (a code
     * format, a birth-date rule): one message per path says enough.
     */
    static List<Violation> concise(List<Violation> violations) {
        Set<String> specific = new HashSet<>();
        for (Violation v : violations) {
            if (!InputRules.generic(v.message())) {
                specific.add(v.path());
            }
        }
        return violations.stream().distinct()
                .filter(v -> !InputRules.generic(v.message()) || !specific.contains(v.path()))
                .toList();
    }
}
