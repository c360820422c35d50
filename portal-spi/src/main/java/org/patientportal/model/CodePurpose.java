package org.patientportal.model;

/** What an activation-style code is for. */
public enum CodePurpose {
    /** First sign-up of a patient (EN-1..EN-8). */
    SIGN_UP,
    /** Forgotten-password reset (AU-7). */
    PASSWORD_RESET
}
