package org.patientportal.test;

import java.util.Objects;
import org.patientportal.model.PatientId;

/**
 * A patient registered by the front desk who has no portal account, as
 * {@link TestPortal#registeredPatient()} leaves them: a young child a parent acts for, or a
 * patient about to sign up in the test itself.
 *
 * @param details   what the patient was registered with ({@code username} and {@code password}
 *                  are the ones to sign up with)
 * @param patientId the patient's id
 */
public record RegisteredPatient(TestPatient details, PatientId patientId) {

    /** Checks that both parts are present. */
    public RegisteredPatient {
        Objects.requireNonNull(details, "details");
        Objects.requireNonNull(patientId, "patientId");
    }
}
