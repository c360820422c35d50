package org.patientportal.spi.storage;

import java.util.List;
import java.util.Optional;
import org.patientportal.model.Provider;
import org.patientportal.model.ProviderId;

/** Providers patients book with (SC-1). */
public interface Providers {
    /**
     * Inserts a new one (version 0).
     *
     * @throws DuplicateKeyException if the id is taken
     */
    void insert(Provider value);

    /** The one with this id. */
    Optional<Provider> find(ProviderId id);

    /**
     * Replaces one. Its version must be the stored version.
     *
     * @return it as stored, with its version increased by one
     * @throws OptimisticLockException if the stored version differs or it is gone
     */
    Provider update(Provider value);

    /**
     * One page in id order (keyset pagination).
     *
     * @param after the last id of the previous page, or null for the first page
     * @param limit page size, 1 to 1000
     */
    List<Provider> page(ProviderId after, int limit);
}
