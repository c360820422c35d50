package org.patientportal.core.enrollment;

import java.util.Objects;
import org.patientportal.model.AccountId;
import org.patientportal.model.PatientId;

/**
 * The result of a sign-up.
 *
 * @param accountId the new account
 * @param patientId the patient it belongs to
 */
public record SignedUp(AccountId accountId, PatientId patientId) {
    /** Checks that both parts are present. */
    public SignedUp {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(patientId, "patientId");
    }
}
