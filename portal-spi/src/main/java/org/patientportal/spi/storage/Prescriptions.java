package org.patientportal.spi.storage;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.patientportal.model.PatientId;
import org.patientportal.model.Prescription;
import org.patientportal.model.PrescriptionId;

/** Prescriptions imported from the clinic's record system (RF-1, RF-5, RF-6). */
public interface Prescriptions {
    /**
     * Writes a batch in order, one row per (patient, source id): a prescription whose key is new is
     * inserted with its id; one whose key is stored replaces the stored row (keeping the stored id)
     * only if its source version is higher. Re-sending a version, or an older one, changes nothing,
     * even when two transactions write one key concurrently (a conditional write the store decides,
     * never a check-then-write). The batch costs a few round trips, not one per row.
     *
     * @return for each prescription, in order, whether it changed the store
     * @throws DuplicateKeyException if a new key comes with an id that is taken
     */
    List<Boolean> upsertAll(List<Prescription> prescriptions);

    /** The prescription with this id. */
    Optional<Prescription> find(PrescriptionId id);

    /** The patient's prescription with this source id. */
    Optional<Prescription> findBySource(PatientId patient, String sourceId);

    /**
     * One page of the patient's ACTIVE ({@code active}) or DISCONTINUED prescriptions, in id order
     * (keyset pagination); entered-in-error ones are never listed.
     *
     * @param after the last id of the previous page, or null for the first page
     * @param limit page size, 1 to 1000
     */
    List<Prescription> forPatient(PatientId patient, boolean active, PrescriptionId after, int limit);

    /**
     * Records one fill of an ACTIVE prescription with refills left: one refill fewer, last filled on
     * {@code day}. Atomic: concurrent fills never lose a decrement and never go below zero.
     *
     * @return whether it was recorded; false if gone, not active or no refill left
     */
    boolean recordFill(PrescriptionId id, LocalDate day);
}
