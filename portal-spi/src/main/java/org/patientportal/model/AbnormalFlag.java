package org.patientportal.model;

/** Whether a component's value is out of its reference range (RS-1). */
public enum AbnormalFlag {
    /** In range. */
    NORMAL,
    /** Below the range. */
    LOW,
    /** Above the range. */
    HIGH,
    /** Critically below the range. */
    CRITICALLY_LOW,
    /** Critically above the range. */
    CRITICALLY_HIGH,
    /** Abnormal without a direction (a text or coded value). */
    ABNORMAL
}
