package org.patientportal.spi.storage;

import java.util.Optional;
import org.patientportal.model.NotificationPreferences;
import org.patientportal.model.PatientId;

/** Patients' notification preferences and SMS consent (NT-1). */
public interface Preferences {
    /** The patient's stored preferences, empty if none were ever saved. */
    Optional<NotificationPreferences> find(PatientId patientId);

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
