package org.patientportal.core.proxy;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.patientportal.model.PatientId;
import org.patientportal.model.ProxyRelationship;
import org.patientportal.model.ProxyScope;
import org.jspecify.annotations.Nullable;

/**
 * A patient a logged-in account can act for now: its own record, or a patient it holds an effective
 * grant on (PX-1, PX-2). {@link #toString()} hides the name (LG-1).
 *
 * @param patientId    the patient
 * @param givenName    the patient's given name, to show in a "switch patient" menu
 * @param relationship the grant's relationship; absent for the account's own record
 * @param scopes       what the account may do for the patient today: every scope on its own record,
 *                     the grant's effective scopes otherwise (a teen's RESULTS and MESSAGING only
 *                     with consent)
 */
public record ActingFor(PatientId patientId, String givenName, @Nullable ProxyRelationship relationship,
                        Set<ProxyScope> scopes) {

    /** Checks the parts and copies the scopes. */
    public ActingFor {
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(givenName, "givenName");
        Objects.requireNonNull(scopes, "scopes");
        scopes = scopes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(scopes));
    }

    /** Whether this is the account's own record. */
    public boolean self() {
        return relationship == null;
    }

    @Override
    public String toString() {
        return "ActingFor[patientId=" + patientId + ", relationship=" + (relationship == null ? "SELF" : relationship)
                + ", scopes=" + scopes + "]";
    }
}
