package org.patientportal.core;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Root of every failure the SDK reports. Unchecked. {@link #code()} is a stable, machine-readable
 * word a host maps to its own HTTP status or screen. Messages never carry PHI, secrets or input
 * values (LG-1): only field paths, ids and fixed text.
 */
public abstract class PortalException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String code;

    /**
     * @param code    the stable machine code
     * @param message a fixed text without PHI
     * @param cause   the cause, if any
     */
    protected PortalException(String code, String message, @Nullable Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The stable machine code ({@code "invalid_request"}, {@code "not_found"}, ...). */
    public final String code() {
        return code;
    }
}
