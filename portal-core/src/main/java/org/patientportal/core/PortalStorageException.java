package org.patientportal.core;

import org.patientportal.spi.storage.StorageException;

/** The storage failed; the transaction was rolled back. No SQL text reaches the caller. */
public final class PortalStorageException extends PortalException {
    private static final long serialVersionUID = 1L;

    /** The machine code of this exception. */
    public static final String CODE = "storage_failure";

    /**
     * Wraps an adapter's failure.
     *
     * @param cause what the adapter reported
     */
    public PortalStorageException(StorageException cause) {
        super(CODE, "storage failure", cause);
    }
}
