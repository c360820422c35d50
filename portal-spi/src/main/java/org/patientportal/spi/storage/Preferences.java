package org.patientportal.spi.storage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.patientportal.model.NotificationPreferences;
import org.patientportal.model.PatientId;

/** Patients' notification preferences and SMS consent (NT-1). */
public interface Preferences {
    /** The patient's stored preferences, empty if none were ever saved. */
    Optional<NotificationPreferences> find(PatientId patientId);

    /**
     * The stored preferences of these patients, each once, in no particular order; patients with
     * none are skipped. The outbox dispatcher reads a batch's recipients with it. This default calls
     * {@link #find} once per distinct id; an adapter may read them all at once.
     *
     * @param patientIds at most 1000 distinct ids
     */
    default List<NotificationPreferences> findAll(Collection<PatientId> patientIds) {
        List<NotificationPreferences> found = new ArrayList<>(patientIds.size());
        for (PatientId id : new LinkedHashSet<>(patientIds)) {
            find(id).ifPresent(found::add);
        }
        return found;
    }

    /**
     * Saves preferences: inserts them when {@code preferences.version()} is 0, else replaces the
     * stored ones if their version matches.
     *
     * @return the preferences as stored, with the version increased by one
     * @throws DuplicateKeyException   if version is 0 and the patient already has preferences
     * @throws OptimisticLockException if the stored version differs or there is none to replace
     */
    NotificationPreferences save(NotificationPreferences preferences);
}
