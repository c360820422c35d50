package org.patientportal.spi.storage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.patientportal.model.PatientId;
import org.patientportal.model.Pharmacy;
import org.patientportal.model.PharmacyId;

/** The pharmacy directory and each patient's preferred pharmacies (RF-4). */
public interface Pharmacies {
    /**
     * Adds a pharmacy to the directory.
     *
     * @throws DuplicateKeyException if the id or the NCPDP id is taken
     */
    void insert(Pharmacy pharmacy);

    /** The pharmacy with this id. */
    Optional<Pharmacy> find(PharmacyId id);

    /**
     * One page of the directory in id order (keyset pagination).
     *
     * @param after the last id of the previous page, or null for the first page
     * @param limit page size, 1 to 1000
     */
    List<Pharmacy> list(PharmacyId after, int limit);

    /**
     * Adds a pharmacy (which must exist) to the patient's preferred ones.
     *
     * @return whether it was added; false if it was already there
     */
    boolean addPreferred(PatientId patient, PharmacyId pharmacy, Instant at);

    /** Removes a pharmacy from the patient's preferred ones; returns whether it was there. */
    boolean removePreferred(PatientId patient, PharmacyId pharmacy);

    /** Whether the pharmacy is one of the patient's preferred ones. */
    boolean isPreferred(PatientId patient, PharmacyId pharmacy);

    /**
     * One page of the patient's preferred pharmacies in pharmacy id order (keyset pagination).
     *
     * @param after the last id of the previous page, or null for the first page
     * @param limit page size, 1 to 1000
     */
    List<Pharmacy> preferred(PatientId patient, PharmacyId after, int limit);
}
