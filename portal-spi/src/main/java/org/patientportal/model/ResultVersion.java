package org.patientportal.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One version of a test result as the clinic's record system sent it (RS-1, RS-3): corrections
 * add versions, never change one. Holds PHI: {@link #toString()} prints ids and the version only.
 *
 * @param resultId         the result it is a version of
 * @param sourceVersion    the sender's version number, at least 1; a higher one is newer (RS-8)
 * @param kind             lab panel or imaging
 * @param orderCode        the order's code
 * @param orderName        the order's display name
 * @param orderingProvider the ordering provider's display name
 * @param collectedAt      when the specimen was collected (or the study performed)
 * @param resultedAt       when it was resulted, not before {@code collectedAt}
 * @param status           preliminary, final, corrected, cancelled or entered in error
 * @param reportText       the narrative report (imaging), or null
 * @param components       the components, in the order sent
 * @param receivedAt       when the SDK imported this version
 */
public record ResultVersion(
        ResultId resultId,
        long sourceVersion,
        ResultKind kind,
        String orderCode,
        String orderName,
        String orderingProvider,
        Instant collectedAt,
        Instant resultedAt,
        ResultStatus status,
        String reportText,
        List<ResultComponent> components,
        Instant receivedAt) {

    public ResultVersion {
        Objects.requireNonNull(resultId, "resultId");
        if (sourceVersion < 1) {
            throw new IllegalArgumentException("sourceVersion must be at least 1");
        }
        Objects.requireNonNull(kind, "kind");
        Checks.notBlank(orderCode, "orderCode");
        Checks.notBlank(orderName, "orderName");
        Checks.notBlank(orderingProvider, "orderingProvider");
        Objects.requireNonNull(collectedAt, "collectedAt");
        Objects.requireNonNull(resultedAt, "resultedAt");
        if (resultedAt.isBefore(collectedAt)) {
            throw new IllegalArgumentException("resultedAt must not be before collectedAt");
        }
        Objects.requireNonNull(status, "status");
        components = List.copyOf(Objects.requireNonNull(components, "components"));
        Objects.requireNonNull(receivedAt, "receivedAt");
    }

    @Override
    public String toString() {
        return "ResultVersion[resultId=" + resultId + ", sourceVersion=" + sourceVersion + ", status=" + status + "]";
    }
}
