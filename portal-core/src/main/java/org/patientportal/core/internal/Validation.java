package org.patientportal.core.internal;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.patientportal.core.InvalidRequestException;
import org.patientportal.core.InvalidRequestException.Violation;

/**
 * Jakarta Validation of commands at the use-case boundary (IN-2), before anything is read or
 * written: every violation at once, with its field path. Hibernate Validator with the
 * {@link ParameterMessageInterpolator} (no expression language) and the injected clock for
 * {@code @Past} and friends. Messages never quote the value.
 */
public final class Validation {
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
        List<Violation> out = new ArrayList<>();
        for (ConstraintViolation<Object> violation : validator.validate(command)) {
            String path = violation.getPropertyPath().toString();
            out.add(new Violation(path.isEmpty() ? "command" : path, violation.getMessage()));
        }
        return out;
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
     * @throws InvalidRequestException with every violation, deduplicated, sorted by path
     */
    public static void require(List<Violation> violations) {
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations.stream().distinct().toList());
        }
    }
}
