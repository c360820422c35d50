package org.patientportal.model;

/** Why an account may act for a patient (PX-1). */
public enum ProxyRelationship {
    /** Parent of a child; ends at the child's 18th birthday (PX-2). */
    PARENT,
    /** Legal guardian of a child; ends at the child's 18th birthday (PX-2). */
    GUARDIAN,
    /** Caregiver of an adult; expires after 18 months unless renewed (PX-2). */
    CAREGIVER
}
