package org.patientportal.test;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.patientportal.core.Actor;
import org.patientportal.model.AccountId;
import org.patientportal.model.PatientId;

/**
 * A registered patient who signed up and is logged in, as {@link TestPortal#signedInPatient()}
 * leaves them: pass {@link #actor()} to the patient's own operations, or {@link #token()} to code
 * that authenticates requests itself.
 *
 * @param details   what the patient was registered and signed up with
 * @param patientId the patient's id
 * @param accountId the patient's portal account
 * @param token     the bearer token of the patient's session
 * @param actor     the patient acting on their own record, from {@code auth().authenticate(token)}
 */
public record SignedInPatient(TestPatient details, PatientId patientId, AccountId accountId, String token,
                              Actor actor) {

    /** Checks that every part is present. */
    public SignedInPatient {
        Objects.requireNonNull(details, "details");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(actor, "actor");
    }

    /**
     * The username the patient logs in with.
     *
     * @return the username
     */
    public String username() {
        return details.username();
    }

    /**
     * The patient's password.
     *
     * @return the password
     */
    public String password() {
        return details.password();
    }

    /**
     * The email address on file, where notifications go unless the patient chose otherwise.
     *
     * @return the address, null if the patient has none
     */
    public @Nullable String email() {
        return details.email();
    }

    /** Prints the ids only: never the token or the password. */
    @Override
    public String toString() {
        return "SignedInPatient[patientId=" + patientId + ", accountId=" + accountId + "]";
    }
}
