package org.patientportal.spi.storage;

import java.util.List;
import java.util.Optional;
import org.patientportal.model.PatientId;
import org.patientportal.model.ProviderId;
import org.patientportal.model.VisitTypeId;
import org.patientportal.model.WaitlistEntry;
import org.patientportal.model.WaitlistEntryId;

/** Patients waiting for an earlier slot (SC-7), served in order. */
public interface Waitlist {
    /**
     * Inserts a new WAITING entry (version 0).
     *
     * @throws DuplicateKeyException if the id is taken
     */
    void insert(WaitlistEntry entry);

    /** The entry with this id. */
    Optional<WaitlistEntry> find(WaitlistEntryId id);

    /**
     * Replaces an entry (fulfilled, cancelled). Its version must be the stored version.
     *
     * @return it as stored, with its version increased by one
     * @throws OptimisticLockException if the stored version differs or it is gone
     */
    WaitlistEntry update(WaitlistEntry entry);

    /**
     * One page of WAITING entries for a visit type and provider in id order: the order they are
     * served in (keyset pagination).
     *
     * @param after the last id of the previous page, or null for the first page
     * @param limit page size, 1 to 1000
     */
    List<WaitlistEntry> waiting(VisitTypeId visitType, ProviderId provider, WaitlistEntryId after, int limit);

    /**
     * One page of the patient's entries, any status, in id order (keyset pagination).
     *
     * @param after the last id of the previous page, or null for the first page
     * @param limit page size, 1 to 1000
     */
    List<WaitlistEntry> forPatient(PatientId patient, WaitlistEntryId after, int limit);
}
