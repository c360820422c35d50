package org.patientportal.model;

import java.math.BigDecimal;

/**
 * One component (observation) of a test result (RS-1). Exactly one of the numeric, text and coded
 * values is set. Holds PHI: {@link #toString()} prints the code only.
 *
 * @param code         the component's code (LOINC where known)
 * @param name         its display name
 * @param numericValue a numeric value with the decimals as sent, or null
 * @param unit         the unit of a numeric value (UCUM where known), or null
 * @param textValue    a text value, or null
 * @param codedValue   a coded value (a code of the sender's system), or null
 * @param rangeLow     low end of the reference range, or null
 * @param rangeHigh    high end of the reference range, or null
 * @param rangeText    the reference range as text ("negative"), or null
 * @param flag         the abnormal flag, or null if none was sent
 */
public record ResultComponent(
        String code,
        String name,
        BigDecimal numericValue,
        String unit,
        String textValue,
        String codedValue,
        BigDecimal rangeLow,
        BigDecimal rangeHigh,
        String rangeText,
        AbnormalFlag flag) {

    public ResultComponent {
        Checks.notBlank(code, "code");
        Checks.notBlank(name, "name");
        int values = (numericValue == null ? 0 : 1) + (textValue == null ? 0 : 1) + (codedValue == null ? 0 : 1);
        if (values != 1) {
            throw new IllegalArgumentException("exactly one of numericValue, textValue and codedValue is set");
        }
        if (rangeLow != null && rangeHigh != null && rangeLow.compareTo(rangeHigh) > 0) {
            throw new IllegalArgumentException("rangeLow must not be above rangeHigh");
        }
    }

    @Override
    public String toString() {
        return "ResultComponent[code=" + code + "]";
    }
}
