package org.patientportal.spi.storage;

/**
 * The transaction lost a race the database resolved by aborting it (deadlock, serialization
 * failure, lock wait timeout). Running the same work again may succeed; core retries a bounded
 * number of times.
 */
public class TransientStorageException extends StorageException {
    private static final long serialVersionUID = 1L;

    public TransientStorageException(String message) {
        super(message);
    }

    public TransientStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
