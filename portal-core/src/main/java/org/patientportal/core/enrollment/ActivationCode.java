package org.patientportal.core.enrollment;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.patientportal.model.ActivationCodeId;
import org.patientportal.model.Delivery;
import org.patientportal.model.PatientId;

/**
 * An issued code, as handed to the staff member once. {@link #toString()} hides the value.
 *
 * <p>The staff member gets the code in clear only when it is printed or handed over
 * ({@link Delivery#LETTER}, {@link Delivery#AFTER_VISIT_SUMMARY}, {@link Delivery#IN_PERSON}).
 * For {@link Delivery#EMAIL} and {@link Delivery#SMS} the value is null: the code goes only to
 * the contact on file (EN-1).
 *
 * @param id        the code's id
 * @param patientId the patient it is for
 * @param value     the code, {@code XXXXX-XXXXX-XXXXX} (EN-2), never stored; absent when the code
 *                  was sent by email or SMS: it goes only to the contact on file (EN-1)
 * @param delivery  how it is delivered (EN-1)
 * @param expiresAt when it stops being valid (at exactly this instant, EN-3)
 */
public record ActivationCode(ActivationCodeId id, PatientId patientId, @Nullable String value, Delivery delivery,
                             Instant expiresAt) {

    /**
     * Checks that every part is present, and that the value is there exactly when the code is
     * printed or handed over.
     *
     * @throws NullPointerException     if a part is missing, or the value of a printed or handed-over code
     * @throws IllegalArgumentException if an email or SMS code carries a value (EN-1)
     */
    public ActivationCode {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(delivery, "delivery");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (delivery == Delivery.EMAIL || delivery == Delivery.SMS) {
            if (value != null) {
                throw new IllegalArgumentException("an " + delivery
                        + " code goes only to the contact on file (EN-1): its value must be null");
            }
        } else {
            Objects.requireNonNull(value, "value");
        }
    }

    @Override
    public String toString() {
        return "ActivationCode[id=" + id + ", patientId=" + patientId + ", value="
                + (value == null ? "null" : "(hidden)") + ", delivery=" + delivery + ", expiresAt=" + expiresAt + "]";
    }
}
