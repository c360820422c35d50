package org.patientportal.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One point of a component's series across a patient's released results (RS-7). Holds PHI:
 * {@link #toString()} prints ids only.
 *
 * @param resultId    the result it comes from
 * @param collectedAt when that result's specimen was collected
 * @param position    the component's position in that result's current version (0 first)
 * @param component   the component (a numeric value with its unit)
 */
public record ResultTrendPoint(ResultId resultId, Instant collectedAt, int position, ResultComponent component) {
    public ResultTrendPoint {
        Objects.requireNonNull(resultId, "resultId");
        Objects.requireNonNull(collectedAt, "collectedAt");
        Checks.notNegative(position, "position");
        Objects.requireNonNull(component, "component");
    }

    /** Its keyset position in a series. */
    public TrendCursor cursor() {
        return new TrendCursor(collectedAt, resultId, position);
    }

    @Override
    public String toString() {
        return "ResultTrendPoint[resultId=" + resultId + ", position=" + position + "]";
    }
}
