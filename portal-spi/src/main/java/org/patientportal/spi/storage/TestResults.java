package org.patientportal.spi.storage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.patientportal.model.PatientId;
import org.patientportal.model.ResultId;
import org.patientportal.model.ResultReleaseDelay;
import org.patientportal.model.ResultTrendPoint;
import org.patientportal.model.ResultVersion;
import org.patientportal.model.StartCursor;
import org.patientportal.model.TestResult;
import org.patientportal.model.TrendCursor;

/**
 * Patients' test results (RS-1..RS-8): one row per (patient, source id) with its current version,
 * every version kept (RS-3), and the release state. Visibility is computed at read time (RS-6): a
 * result is visible at {@code now} when its release instant is not after {@code now}, no hold is
 * active and its current status is not ENTERED_IN_ERROR ({@link TestResult#visibleAt}).
 */
public interface TestResults {
    /**
     * Inserts a new result (version 0, one version) with its first version and its components,
     * unless the patient already has a result with its source id; the check and the insert are one
     * atomic step under any concurrency (a concurrent insert of the same source id waits for the
     * other to end, then finds it).
     *
     * @return whether it was inserted
     * @throws DuplicateKeyException if the id is taken
     */
    boolean insertIfAbsent(TestResult result);

    /**
     * Makes {@code next.current()} the current version, in one conditional write: only if the stored
     * current source version is lower than the new one, so an older or equal version never wins,
     * under any concurrency (RS-8). Writes the new version and its components, the count of
     * versions plus one, {@code next.readAt()} and {@code next.releaseNotified()}, and the
     * optimistic-lock version plus one; every other field is kept as stored. Earlier versions stay
     * readable with {@link #versions} (RS-3).
     *
     * @return the result as stored, or empty if the stored version is not lower (or there is no such result)
     */
    Optional<TestResult> advance(TestResult next);

    /**
     * Writes the release fields ({@code releaseAt}, the hold, {@code releaseNotified}), the comment
     * and {@code readAt}; never the versions. Its version must be the stored version.
     *
     * @return it as stored, with its version increased by one
     * @throws OptimisticLockException if the stored version differs or it is gone
     */
    TestResult update(TestResult result);

    /** The result with this id. */
    Optional<TestResult> find(ResultId id);

    /** The patient's result with this source id. */
    Optional<TestResult> findBySource(PatientId patient, String sourceId);

    /** Every stored version of the result, newest (highest source version) first; empty if none. */
    List<ResultVersion> versions(ResultId id);

    /**
     * One page of the patient's results visible at {@code now}, newest first: descending
     * (resulted, id) of the current version (keyset pagination on an index).
     *
     * @param after the (resulted, id) of the last row of the previous page, or null for the first page
     * @param limit page size, 1 to 1000
     */
    List<TestResult> visible(PatientId patient, Instant now, StartCursor after, int limit);

    /**
     * One page of every result of the patient, held and entered in error ones too (the clinician's
     * view), in descending (resulted, id) order.
     *
     * @param after the (resulted, id) of the last row of the previous page, or null for the first page
     * @param limit page size, 1 to 1000
     */
    List<TestResult> all(PatientId patient, StartCursor after, int limit);

    /**
     * One page of the numeric values of one component code in the current versions of the patient's
     * results visible at {@code now} (RS-7), oldest first: ascending (collected, result id, position).
     *
     * @param after the last point of the previous page, or null for the first page
     * @param limit page size, 1 to 1000
     */
    List<ResultTrendPoint> trend(PatientId patient, String code, Instant now, TrendCursor after, int limit);

    /** The patient's own release delay of sensitive results (RS-2), or empty if never set. */
    Optional<ResultReleaseDelay> releaseDelay(PatientId patient);

    /**
     * Stores the patient's release delay, replacing the one stored: one atomic insert-or-update on
     * the patient's key, so two concurrent settings both succeed and the later one stays (the
     * setting is whole, so no write is lost that the later one does not replace).
     *
     * <p>The caller has checked that the patient exists.
     */
    void putReleaseDelay(ResultReleaseDelay delay);
}
