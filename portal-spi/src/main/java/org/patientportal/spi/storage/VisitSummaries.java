package org.patientportal.spi.storage;

import java.util.Optional;
import org.patientportal.model.AppointmentId;
import org.patientportal.model.VisitSummary;

/** After-visit summaries and diagnoses of completed visits (SC-5). */
public interface VisitSummaries {
    /** The summary of this visit, if one was recorded. */
    Optional<VisitSummary> find(AppointmentId appointment);

    /**
     * Saves a summary: inserts it when its version is 0, else replaces the stored one if the
     * versions match.
     *
     * @return it as stored, with its version increased by one
     * @throws DuplicateKeyException   if version is 0 and the visit already has a summary
     * @throws OptimisticLockException if the stored version differs or there is none to replace
     */
    VisitSummary save(VisitSummary summary);
}
