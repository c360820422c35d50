package org.patientportal.core.internal;

import org.patientportal.core.Actor;
import org.patientportal.model.AccountId;
import org.patientportal.model.PatientId;
import org.patientportal.model.SessionId;

/**
 * Makes patient {@link Actor}s. Implemented in {@code org.patientportal.core} (the only package
 * that can construct one) and handed to the auth service when the portal is built, so that only
 * {@code authenticate} mints patient actors.
 */
@FunctionalInterface
public interface ActorMinter {
    /**
     * A patient acting on their own record.
     *
     * @param accountId the account that authenticated
     * @param patientId the patient the account belongs to
     * @param sessionId the session authenticated
     * @return the actor
     */
    Actor patient(AccountId accountId, PatientId patientId, SessionId sessionId);
}
