package org.patientportal.core.results;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.patientportal.model.AbnormalFlag;
import org.patientportal.model.ResultKind;
import org.patientportal.model.ResultStatus;
import org.patientportal.core.TextRule;

/**
 * One version of a test result from the clinic's record system (RS-1, RS-8). Besides the
 * constraints below: the resulted instant is not before collection; each component has exactly
 * one value (numeric, text or coded); a numeric value has a unit unless its code is one of the
 * policy's unitless codes; numbers have 0 to 12 decimals and at most 30 digits; a range's low is
 * not above its high. Every violation is reported at once with its path (IN-2).
 *
 * @param sourceId         the record system's id of the result, unique per patient
 * @param sourceVersion    the record system's version, at least 1; a higher one is newer
 * @param kind             lab panel or imaging
 * @param orderCode        the order's code (the category a host's delay is keyed by)
 * @param orderName        the order's display name
 * @param orderingProvider the ordering provider's display name
 * @param collectedAt      when the specimen was collected (or the study performed)
 * @param resultedAt       when it was resulted
 * @param status           preliminary, final, corrected, cancelled, or entered in error (leaves the patient's view)
 * @param reportText       the narrative report (imaging), up to 100,000 characters, or null
 * @param components       the components, up to 500, in display order
 */
public record ImportResult(
        @NotBlank @Size(max = 128) String sourceId,
        @Min(1) long sourceVersion,
        @NotNull ResultKind kind,
        @NotBlank @Size(max = 64) String orderCode,
        @NotBlank @Size(max = 200) String orderName,
        @NotBlank @Size(max = 200) String orderingProvider,
        @NotNull Instant collectedAt,
        @NotNull Instant resultedAt,
        @NotNull ResultStatus status,
        @TextRule(TextRule.Form.MULTI_LINE) @Nullable @Size(max = ImportResult.MAX_REPORT) String reportText,
        @NotNull @Size(max = 500) List<@NotNull @Valid Component> components) {

    /** The longest report text accepted. */
    public static final int MAX_REPORT = 100_000;

    /** Copies the components. */
    public ImportResult {
        components = components == null ? null : Collections.unmodifiableList(new ArrayList<>(components));
    }

    /**
     * One component as sent.
     *
     * @param code         LOINC where known
     * @param name         display name
     * @param numericValue a numeric value with the decimals as sent, or null
     * @param unit         the unit of a numeric value, or null
     * @param textValue    a text value, or null
     * @param codedValue   a coded value, or null
     * @param rangeLow     low end of the reference range, or null
     * @param rangeHigh    high end of the reference range, or null
     * @param rangeText    the reference range as text, or null
     * @param flag         the abnormal flag, or null
     */
    public record Component(
            @NotBlank @Size(max = 64) String code,
            @NotBlank @Size(max = 200) String name,
            @Nullable BigDecimal numericValue,
            @Nullable @Size(max = 32) String unit,
            @TextRule(TextRule.Form.MULTI_LINE) @Nullable @Size(max = 2000) String textValue,
            @Nullable @Size(max = 64) String codedValue,
            @Nullable BigDecimal rangeLow,
            @Nullable BigDecimal rangeHigh,
            @Nullable @Size(max = 200) String rangeText,
            @Nullable AbnormalFlag flag) {

        /**
         * A numeric component.
         *
         * @param code  LOINC where known
         * @param name  display name
         * @param value the value, decimals as sent ({@code new BigDecimal("5.40")})
         * @param unit  its unit
         * @param low   low end of the range, or null
         * @param high  high end of the range, or null
         * @param flag  the abnormal flag, or null
         * @return the component
         */
        public static Component numeric(String code, String name, BigDecimal value, @Nullable String unit,
                                        @Nullable BigDecimal low, @Nullable BigDecimal high,
                                        @Nullable AbnormalFlag flag) {
            return new Component(code, name, value, unit, null, null, low, high, null, flag);
        }

        /**
         * A text component.
         *
         * @param code      LOINC where known
         * @param name      display name
         * @param text      the value
         * @param rangeText the range as text, or null
         * @param flag      the abnormal flag, or null
         * @return the component
         */
        public static Component text(String code, String name, String text, @Nullable String rangeText,
                                     @Nullable AbnormalFlag flag) {
            return new Component(code, name, null, null, text, null, null, null, rangeText, flag);
        }
    }
}
