package org.patientportal.model;

/** Whether an account may log in. */
public enum AccountStatus {
    /** Normal. */
    ACTIVE,
    /** Disabled by staff or after too many failures (AU-5); every session is revoked. */
    DISABLED
}
