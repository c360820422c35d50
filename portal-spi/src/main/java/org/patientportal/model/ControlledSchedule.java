package org.patientportal.model;

/** The controlled-substance schedule of a medication (RF-1); Schedule II is never refilled through the portal (RF-2). */
public enum ControlledSchedule {
    /** Not a controlled substance. */
    NONE,
    /** Schedule II. */
    II,
    /** Schedule III. */
    III,
    /** Schedule IV. */
    IV,
    /** Schedule V. */
    V
}
