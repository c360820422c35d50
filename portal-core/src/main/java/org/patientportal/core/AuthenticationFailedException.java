package org.patientportal.core;

/**
 * Authentication or code verification failed. One exception, one code and one message for every
 * cause (unknown user or code, wrong password, SSN4 or birth date, expired, used, revoked, locked,
 * already enrolled): EN-5, AU-4 (ASVS 5.0 6.3.8).
 */
public final class AuthenticationFailedException extends PortalException {
    private static final long serialVersionUID = 1L;

    /** The machine code of this exception. */
    public static final String CODE = "authentication_failed";
    /** The one message, whatever the cause. */
    public static final String MESSAGE = "authentication failed";

    /** Creates the exception, always with the same message. */
    public AuthenticationFailedException() {
        super(CODE, MESSAGE, null);
    }
}
