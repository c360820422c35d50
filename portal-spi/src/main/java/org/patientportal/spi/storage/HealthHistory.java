package org.patientportal.spi.storage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.patientportal.model.EntryStatus;
import org.patientportal.model.HistoryCategory;
import org.patientportal.model.HistoryEntry;
import org.patientportal.model.HistoryEntryId;
import org.patientportal.model.PatientId;
import org.patientportal.model.StartCursor;

/** Patients' health history: problems, allergies, immunizations, vitals, reported medications (HH-1..HH-3). */
public interface HealthHistory {
    /**
     * Writes a batch in order, one row per (patient, category, source id), as
     * {@link Prescriptions#upsertAll}: a new key is inserted, a stored one is replaced (keeping its
     * id) only by a higher source version, decided by the store under any concurrency.
     *
     * @return for each entry, in order, whether it changed the store
     * @throws DuplicateKeyException if a new key comes with an id that is taken
     */
    List<Boolean> upsertAll(List<HistoryEntry> entries);

    /** The entry with this id. */
    Optional<HistoryEntry> find(HistoryEntryId id);

    /**
     * Reviews a PENDING_REVIEW entry once: to ACCEPTED or DECLINED, with when, who and why. Of
     * concurrent reviews of one entry, exactly one succeeds.
     *
     * @return the reviewed entry; empty if it is gone or not pending
     * @throws IllegalArgumentException if {@code outcome} is neither ACCEPTED nor DECLINED
     */
    Optional<HistoryEntry> review(HistoryEntryId id, EntryStatus outcome, Instant at, String by, String reason);

    /**
     * One page of the patient's entries of one category, newest first: descending
     * (effectiveAt, id), keyset pagination. Entries entered in error are never listed.
     *
     * @param after the (effectiveAt, id) of the last row of the previous page, or null for the first page
     * @param limit page size, 1 to 1000
     */
    List<HistoryEntry> page(PatientId patient, HistoryCategory category, StartCursor after, int limit);
}
