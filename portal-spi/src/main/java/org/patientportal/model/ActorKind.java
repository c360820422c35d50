package org.patientportal.model;

/** Who acted, as recorded in the audit trail. */
public enum ActorKind {
    /** A patient acting on their own record, through their account. */
    PATIENT,
    /** An account acting for another patient through a proxy grant. */
    PROXY,
    /** A staff member asserted by the host (ST-1). */
    STAFF,
    /** Someone not yet authenticated (sign-up, login). */
    ANONYMOUS,
    /** The SDK itself (dispatcher, scheduled work). */
    SYSTEM
}
