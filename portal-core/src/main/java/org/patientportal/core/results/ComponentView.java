package org.patientportal.core.results;

import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;
import org.patientportal.model.AbnormalFlag;

/**
 * One component as shown (RS-1): exactly one of the values is set.
 *
 * @param code         LOINC where known
 * @param name         display name
 * @param numericValue a numeric value with the decimals as sent
 * @param unit         the unit of a numeric value
 * @param textValue    a text value
 * @param codedValue   a coded value
 * @param rangeLow     low end of the reference range
 * @param rangeHigh    high end of the reference range
 * @param rangeText    the reference range as text
 * @param flag         the abnormal flag
 */
public record ComponentView(String code, String name, @Nullable BigDecimal numericValue, @Nullable String unit,
                            @Nullable String textValue, @Nullable String codedValue, @Nullable BigDecimal rangeLow,
                            @Nullable BigDecimal rangeHigh, @Nullable String rangeText,
                            @Nullable AbnormalFlag flag) {

    /** @return whether the flag says out of range (anything but normal) */
    public boolean abnormal() {
        return flag != null && flag != AbnormalFlag.NORMAL;
    }
}
