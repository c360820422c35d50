package org.patientportal.spi.storage;

/**
 * Root of every failure a storage adapter reports. Adapters wrap driver errors in it; its message
 * never carries SQL text, parameters or row contents (only a short description and, where useful,
 * a vendor error code such as a SQLState).
 */
public class StorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
