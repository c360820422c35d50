package org.patientportal.spi.storage;

import java.util.List;
import java.util.Optional;
import org.patientportal.model.Department;
import org.patientportal.model.DepartmentId;

/** Departments, each with its time zone (SC-1). */
public interface Departments {
    /**
     * Inserts a new one (version 0).
     *
     * @throws DuplicateKeyException if the id is taken
     */
    void insert(Department value);

    /** The one with this id. */
    Optional<Department> find(DepartmentId id);

    /**
     * Replaces one. Its version must be the stored version.
     *
     * @return it as stored, with its version increased by one
     * @throws OptimisticLockException if the stored version differs or it is gone
     */
    Department update(Department value);

    /**
     * One page in id order (keyset pagination).
     *
     * @param after the last id of the previous page, or null for the first page
     * @param limit page size, 1 to 1000
     */
    List<Department> page(DepartmentId after, int limit);
}
