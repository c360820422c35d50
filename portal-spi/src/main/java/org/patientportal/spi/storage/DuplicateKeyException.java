package org.patientportal.spi.storage;

/**
 * A write broke a uniqueness guarantee: an id, an MRN, a username key, a code or token hash, one
 * account per patient, an idempotency key.
 */
public class DuplicateKeyException extends StorageException {
    private static final long serialVersionUID = 1L;

    public DuplicateKeyException(String message) {
        super(message);
    }

    public DuplicateKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
