package org.patientportal.spi.storage;

import java.util.List;
import java.util.Optional;
import org.patientportal.model.VisitType;
import org.patientportal.model.VisitTypeId;

/** Visit types with their duration and booking mode (SC-1). */
public interface VisitTypes {
    /**
     * Inserts a new one (version 0).
     *
     * @throws DuplicateKeyException if the id is taken
     */
    void insert(VisitType value);

    /** The one with this id. */
    Optional<VisitType> find(VisitTypeId id);

    /**
     * Replaces one. Its version must be the stored version.
     *
     * @return it as stored, with its version increased by one
     * @throws OptimisticLockException if the stored version differs or it is gone
     */
    VisitType update(VisitType value);

    /**
     * One page in id order (keyset pagination).
     *
     * @param after the last id of the previous page, or null for the first page
     * @param limit page size, 1 to 1000
     */
    List<VisitType> page(VisitTypeId after, int limit);
}
