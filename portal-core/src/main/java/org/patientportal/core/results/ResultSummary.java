package org.patientportal.core.results;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.patientportal.model.ResultId;
import org.patientportal.model.ResultKind;
import org.patientportal.model.ResultStatus;

/**
 * A result in a list (RS-3, RS-5): what it is, when, whether it was corrected, unread, out of
 * range; for clinicians also whether it is released and why it is held.
 *
 * @param id          the result
 * @param kind        lab panel or imaging
 * @param orderCode   the order's code
 * @param orderName   the order's display name
 * @param collectedAt when collected
 * @param resultedAt  when resulted (the list's order, newest first)
 * @param status      the current version's status
 * @param corrected   whether earlier versions exist
 * @param unread      whether the patient has not opened the current version
 * @param abnormal    whether any component is flagged out of range
 * @param released    whether the patient sees it now (always true in a patient's list)
 * @param releaseAt   when it is (or was) released
 * @param holdReason  the active clinician's hold's reason (clinicians only), or null
 */
public record ResultSummary(ResultId id, ResultKind kind, String orderCode, String orderName, Instant collectedAt,
                            Instant resultedAt, ResultStatus status, boolean corrected, boolean unread,
                            boolean abnormal, boolean released, Instant releaseAt, @Nullable String holdReason) {
}
