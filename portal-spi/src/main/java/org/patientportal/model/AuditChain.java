package org.patientportal.model;

import java.util.Objects;

/**
 * Names one hash chain of the audit trail (AD-2): one per patient, plus one for events without a
 * patient. Writers on different chains never wait on each other.
 *
 * @param value {@code "patient:<uuid>"} or {@code "system"}
 */
public record AuditChain(String value) {
    /** The chain of events that concern no patient (failed logins of unknown users, ...). */
    public static final AuditChain SYSTEM = new AuditChain("system");

    public AuditChain {
        Checks.notBlank(value, "value");
        if (value.length() > 64) {
            throw new IllegalArgumentException("value is longer than 64 characters");
        }
    }

    /** The chain of one patient's events. */
    public static AuditChain of(PatientId patient) {
        return new AuditChain("patient:" + Objects.requireNonNull(patient, "patient"));
    }

    /** The chain an event about {@code patient} (null: no patient) belongs to. */
    public static AuditChain forPatient(PatientId patient) {
        return patient == null ? SYSTEM : of(patient);
    }

    @Override
    public String toString() {
        return value;
    }
}
