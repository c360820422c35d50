package org.patientportal.core;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A command was refused before anything was read or written (IN-2): every violation at once, each
 * with the path of the field at fault. The message lists the paths only, never the values.
 */
public final class InvalidRequestException extends PortalException {
    private static final long serialVersionUID = 1L;

    /** The machine code of this exception. */
    public static final String CODE = "invalid_request";

    private final transient List<Violation> violations;

    /**
     * @param violations at least one violation; kept sorted by path, then message
     */
    public InvalidRequestException(List<Violation> violations) {
        this(sorted(violations), 0);
    }

    private InvalidRequestException(List<Violation> sorted, int unused) {
        super(CODE, "invalid request: " + sorted.stream().map(Violation::path).distinct()
                .collect(Collectors.joining(", ")), null);
        this.violations = sorted;
    }

    /** An exception with one violation. */
    public static InvalidRequestException of(String path, String message) {
        return new InvalidRequestException(List.of(new Violation(path, message)));
    }

    /** Every violation, sorted by path then message. */
    public List<Violation> violations() {
        return violations == null ? List.of() : violations;
    }

    private static List<Violation> sorted(List<Violation> violations) {
        Objects.requireNonNull(violations, "violations");
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("at least one violation");
        }
        List<Violation> copy = new ArrayList<>(violations);
        copy.sort(Comparator.comparing(Violation::path).thenComparing(Violation::message));
        return List.copyOf(copy);
    }

    /**
     * One violated rule.
     *
     * @param path    the field at fault ({@code "password"}, {@code "birthDate"}); the command itself is {@code "command"}
     * @param message what is wrong, in words a user can be told; never the value
     */
    public record Violation(String path, String message) implements Serializable {
        private static final long serialVersionUID = 1L;

        /** Checks that both parts are present. */
        public Violation {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(message, "message");
        }
    }
}
