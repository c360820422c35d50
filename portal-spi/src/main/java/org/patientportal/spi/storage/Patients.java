package org.patientportal.spi.storage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.patientportal.model.Patient;
import org.patientportal.model.PatientId;

/** Patients registered by the clinic. */
public interface Patients {
    /**
     * Inserts a new patient (its version must be 0).
     *
     * @throws DuplicateKeyException if the id or the MRN is taken
     */
    void insert(Patient patient);

    /** The patient with this id. */
    Optional<Patient> find(PatientId id);

    /**
     * The patients with these ids, each once, in no particular order; ids of no patient are skipped.
     * The outbox dispatcher reads a batch's recipients with it. This default calls {@link #find}
     * once per distinct id; an adapter may read them all at once (portal-jdbc: one statement).
     *
     * @param ids at most 1000 distinct ids
     */
    default List<Patient> findAll(Collection<PatientId> ids) {
        List<Patient> found = new ArrayList<>(ids.size());
        for (PatientId id : new LinkedHashSet<>(ids)) {
            find(id).ifPresent(found::add);
        }
        return found;
    }

    /** The patient with this medical record number (exact match). */
    Optional<Patient> findByMrn(String mrn);

    /**
     * Every patient whose mobile number is exactly {@code mobile} (a family may share one), in id
     * order; used when an SMS provider reports an inbound STOP (NT-1).
     */
    List<Patient> findByMobile(String mobile);

    /**
     * Replaces a patient. {@code patient.version()} must be the stored version.
     *
     * @return the patient as stored, with its version increased by one
     * @throws OptimisticLockException if the stored version differs or the patient is gone
     * @throws DuplicateKeyException   if the new MRN is taken
     */
    Patient update(Patient patient);

    /**
     * One page of patients in id order (keyset pagination).
     *
     * @param after the last id of the previous page, or null for the first page
     * @param limit page size, 1 to 1000
     */
    List<Patient> page(PatientId after, int limit);
}
