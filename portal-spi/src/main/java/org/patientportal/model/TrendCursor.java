package org.patientportal.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A keyset position in a component's series, ordered by (collected, result id, position): the last
 * point of the previous page (RS-7).
 *
 * @param collectedAt the last point's collection instant
 * @param resultId    the last point's result
 * @param position    the last point's component position
 */
public record TrendCursor(Instant collectedAt, ResultId resultId, int position) {
    public TrendCursor {
        Objects.requireNonNull(collectedAt, "collectedAt");
        Objects.requireNonNull(resultId, "resultId");
        Checks.notNegative(position, "position");
    }
}
