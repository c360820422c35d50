package org.patientportal.core;

/**
 * The command conflicts with the stored state: a unique value taken, a stale write, an
 * idempotency key reused with other parameters.
 */
public final class ConflictException extends PortalException {
    private static final long serialVersionUID = 1L;

    /** The machine code of this exception. */
    public static final String CODE = "conflict";

    /**
     * @param message fixed text without PHI ({@code "username is not available"})
     */
    public ConflictException(String message) {
        super(CODE, message, null);
    }

    /**
     * @param message fixed text without PHI
     * @param cause   the storage failure behind it
     */
    public ConflictException(String message, Throwable cause) {
        super(CODE, message, cause);
    }
}
