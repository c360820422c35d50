package org.patientportal.core.enrollment;

import java.time.Instant;
import java.util.Objects;
import org.patientportal.model.ActivationCodeId;
import org.patientportal.model.Delivery;
import org.patientportal.model.PatientId;

/**
 * An issued code, as handed to the staff member once. {@link #toString()} hides the value.
 *
 * @param id        the code's id
 * @param patientId the patient it is for
 * @param value     the code, {@code XXXXX-XXXXX-XXXXX} (EN-2); never stored
 * @param delivery  how it is delivered (EN-1)
 * @param expiresAt when it stops being valid (at exactly this instant, EN-3)
 */
public record ActivationCode(ActivationCodeId id, PatientId patientId, String value, Delivery delivery,
                             Instant expiresAt) {

    /** Checks that every part is present. */
    public ActivationCode {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(delivery, "delivery");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        return "ActivationCode[id=" + id + ", patientId=" + patientId + ", value=(hidden), delivery=" + delivery
                + ", expiresAt=" + expiresAt + "]";
    }
}
