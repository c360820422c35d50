package org.patientportal.core.results;

import java.math.BigDecimal;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.patientportal.model.AbnormalFlag;
import org.patientportal.model.ResultId;

/**
 * One value of a component's trend (RS-7), oldest first.
 *
 * @param resultId    the result it comes from
 * @param collectedAt when collected
 * @param value       the value, decimals as sent
 * @param unit        its unit
 * @param flag        its abnormal flag
 * @param rangeLow    low end of its reference range
 * @param rangeHigh   high end of its reference range
 * @param unitChanged whether its unit differs from the previous point's (the series is not silently mixed)
 */
public record TrendPoint(ResultId resultId, Instant collectedAt, BigDecimal value, @Nullable String unit,
                         @Nullable AbnormalFlag flag, @Nullable BigDecimal rangeLow, @Nullable BigDecimal rangeHigh,
                         boolean unitChanged) {
}
