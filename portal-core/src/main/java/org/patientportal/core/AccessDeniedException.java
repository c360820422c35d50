package org.patientportal.core;

/** The actor may not do this (ST-1); the attempt is audited as denied (AD-3). */
public final class AccessDeniedException extends PortalException {
    private static final long serialVersionUID = 1L;

    /** The machine code of this exception. */
    public static final String CODE = "access_denied";

    /** Creates the exception with the fixed message "access denied". */
    public AccessDeniedException() {
        this("access denied");
    }

    /**
     * @param message fixed text without PHI
     */
    public AccessDeniedException(String message) {
        super(CODE, message, null);
    }
}
