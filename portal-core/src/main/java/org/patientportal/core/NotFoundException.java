package org.patientportal.core;

/**
 * The thing named does not exist, or the actor may not see it: both answer the same way, so that
 * access control does not reveal what exists.
 */
public final class NotFoundException extends PortalException {
    private static final long serialVersionUID = 1L;

    /** The machine code of this exception. */
    public static final String CODE = "not_found";

    /**
     * @param what what was looked for, as a fixed word ({@code "patient"}); never an input value
     */
    public NotFoundException(String what) {
        super(CODE, what + " not found", null);
    }
}
