package org.patientportal.core;

/** Staff roles asserted by the host (ST-1). */
public enum Role {
    /** Registers patients, issues codes, manages slots and appointments. */
    FRONT_DESK,
    /** Results, holds, refill decisions, replies, visit summaries. */
    CLINICIAN,
    /** Proxy grants, dead letters, policies, the audit trail. */
    ADMIN,
    /**
     * The clinic's record system feeding the portal through an interface engine: imports
     * prescriptions, health history and test results for a patient, and nothing else (it reads no
     * patient's view and decides nothing).
     */
    INTEGRATION
}
