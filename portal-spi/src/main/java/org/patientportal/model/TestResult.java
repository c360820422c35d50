package org.patientportal.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A patient's test result (RS-1..RS-8): its current version and how it is released. Visibility is
 * computed at read time, never stored (RS-6): a patient sees it when {@code releaseAt} has passed,
 * no hold is active and it is not entered in error ({@link #visibleAt}). Holds PHI:
 * {@link #toString()} prints ids and versions only.
 *
 * @param id              the result's id
 * @param patientId       the patient
 * @param sourceId        the record system's id of the result, unique per patient (RS-8)
 * @param current         the current (newest) version
 * @param versionCount    how many versions are stored, the current one included (RS-3)
 * @param importedAt      when the first version was imported
 * @param releaseAt       when it is released to the patient: the import instant, or later under a
 *                        category delay (RS-2)
 * @param holdReason      the reason of a clinician's active hold, or null if none (RS-2)
 * @param heldBy          who placed the active hold, or null
 * @param heldAt          when the active hold was placed, or null
 * @param comment         the clinician's comment for the patient, or null (RS-7)
 * @param commentBy       who wrote the comment, or null
 * @param commentedAt     when the comment was written, or null
 * @param readAt          when the patient (or a proxy) first opened the current version, or null (unread)
 * @param releaseNotified whether a release notification was written to the outbox and not withdrawn (RS-4)
 * @param version         optimistic-lock version, 0 for a new row
 */
public record TestResult(
        ResultId id,
        PatientId patientId,
        String sourceId,
        ResultVersion current,
        int versionCount,
        Instant importedAt,
        Instant releaseAt,
        String holdReason,
        String heldBy,
        Instant heldAt,
        String comment,
        String commentBy,
        Instant commentedAt,
        Instant readAt,
        boolean releaseNotified,
        long version) {

    public TestResult {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(patientId, "patientId");
        Checks.notBlank(sourceId, "sourceId");
        Objects.requireNonNull(current, "current");
        if (!current.resultId().equals(id)) {
            throw new IllegalArgumentException("current must be a version of this result");
        }
        if (versionCount < 1) {
            throw new IllegalArgumentException("versionCount must be at least 1");
        }
        Objects.requireNonNull(importedAt, "importedAt");
        Objects.requireNonNull(releaseAt, "releaseAt");
        if (holdReason != null && holdReason.isBlank()) {
            throw new IllegalArgumentException("holdReason must not be blank");
        }
        Checks.notNegative(version, "version");
    }

    /** A new result at its first version: unread, version 0. */
    public static TestResult imported(PatientId patientId, String sourceId, ResultVersion first, Instant releaseAt,
                                      boolean releaseNotified) {
        return new TestResult(first.resultId(), patientId, sourceId, first, 1, first.receivedAt(), releaseAt, null,
                null, null, null, null, null, null, releaseNotified, 0);
    }

    /** Whether a clinician's hold is active. */
    public boolean held() {
        return holdReason != null;
    }

    /** Whether the patient sees it at {@code now} (RS-3, RS-6, RS-8). */
    public boolean visibleAt(Instant now) {
        return !releaseAt.isAfter(now) && holdReason == null && current.status() != ResultStatus.ENTERED_IN_ERROR;
    }

    /** This result with a newer current version (RS-3): count plus one, read marker and notice as given. */
    public TestResult withCurrent(ResultVersion next, Instant newReadAt, boolean notified) {
        return new TestResult(id, patientId, sourceId, next, versionCount + 1, importedAt, releaseAt, holdReason,
                heldBy, heldAt, comment, commentBy, commentedAt, newReadAt, notified, version);
    }

    /** This result with the release fields given (hold, release instant, notice). */
    public TestResult withRelease(Instant newReleaseAt, String newHoldReason, String newHeldBy, Instant newHeldAt,
                                  boolean notified) {
        return new TestResult(id, patientId, sourceId, current, versionCount, importedAt, newReleaseAt, newHoldReason,
                newHeldBy, newHeldAt, comment, commentBy, commentedAt, readAt, notified, version);
    }

    /** This result with the clinician's comment (RS-7). */
    public TestResult withComment(String text, String by, Instant at) {
        return new TestResult(id, patientId, sourceId, current, versionCount, importedAt, releaseAt, holdReason,
                heldBy, heldAt, text, by, at, readAt, releaseNotified, version);
    }

    /** This result marked read at {@code at}. */
    public TestResult withReadAt(Instant at) {
        return new TestResult(id, patientId, sourceId, current, versionCount, importedAt, releaseAt, holdReason,
                heldBy, heldAt, comment, commentBy, commentedAt, at, releaseNotified, version);
    }

    /** This result with another optimistic-lock version. */
    public TestResult withVersion(long newVersion) {
        return new TestResult(id, patientId, sourceId, current, versionCount, importedAt, releaseAt, holdReason,
                heldBy, heldAt, comment, commentBy, commentedAt, readAt, releaseNotified, newVersion);
    }

    @Override
    public String toString() {
        return "TestResult[id=" + id + ", patientId=" + patientId + ", sourceVersion=" + current.sourceVersion()
                + ", version=" + version + "]";
    }
}
