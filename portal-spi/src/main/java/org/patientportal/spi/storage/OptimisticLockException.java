package org.patientportal.spi.storage;

/** A versioned write found a newer (or no) row than the version it was based on: the write was stale. */
public class OptimisticLockException extends StorageException {
    private static final long serialVersionUID = 1L;

    public OptimisticLockException(String message) {
        super(message);
    }
}
