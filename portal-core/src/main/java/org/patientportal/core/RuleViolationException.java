package org.patientportal.core;

import java.util.Objects;

/** A business rule refuses the command; {@link #reason()} says which, as a stable machine word. */
public final class RuleViolationException extends PortalException {
    private static final long serialVersionUID = 1L;

    /** The machine code of this exception. */
    public static final String CODE = "rule_violation";

    private final String reason;

    /**
     * @param reason  stable machine word ({@code "already_enrolled"})
     * @param message fixed text without PHI
     */
    public RuleViolationException(String reason, String message) {
        super(CODE, message, null);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** The rule that refused the command, as a stable machine word. */
    public String reason() {
        return reason;
    }
}
