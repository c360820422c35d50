package org.patientportal.core.results;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.patientportal.model.ResultId;
import org.patientportal.model.ResultKind;
import org.patientportal.model.ResultStatus;

/**
 * One result with its components, ranges and flags, the clinician's comment (RS-7), whether it was
 * corrected and its earlier versions (RS-3); for clinicians also its release and hold.
 *
 * @param id               the result
 * @param sourceVersion    the version shown
 * @param current          whether the version shown is the current one
 * @param kind             lab panel or imaging
 * @param orderCode        the order's code
 * @param orderName        the order's display name
 * @param orderingProvider the ordering provider
 * @param collectedAt      when collected
 * @param resultedAt       when resulted
 * @param status           the shown version's status
 * @param reportText       the narrative report, or null
 * @param components       the components in the order sent
 * @param comment          the clinician's comment for the patient, or null
 * @param corrected        whether the result has more than one version
 * @param earlierVersions  the versions before the current one, newest first
 * @param unread           whether the patient has not opened the current version
 * @param released         whether the patient sees it now
 * @param releaseAt        when it is (or was) released
 * @param holdReason       the active hold's reason (clinicians only), or null
 * @param heldBy           who placed the hold (clinicians only), or null
 * @param heldAt           when the hold was placed (clinicians only), or null
 */
public record ResultDetail(ResultId id, long sourceVersion, boolean current, ResultKind kind, String orderCode,
                           String orderName, String orderingProvider, Instant collectedAt, Instant resultedAt,
                           ResultStatus status, @Nullable String reportText, List<ComponentView> components,
                           @Nullable String comment, boolean corrected, List<VersionInfo> earlierVersions,
                           boolean unread, boolean released, Instant releaseAt, @Nullable String holdReason,
                           @Nullable String heldBy, @Nullable Instant heldAt) {

    /** Copies the lists. */
    public ResultDetail {
        components = List.copyOf(components);
        earlierVersions = List.copyOf(earlierVersions);
    }
}
