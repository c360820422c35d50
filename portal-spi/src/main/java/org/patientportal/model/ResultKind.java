package org.patientportal.model;

/** What a test result is (RS-1). */
public enum ResultKind {
    /** A laboratory panel or single test, with components. */
    LAB_PANEL,
    /** An imaging study with its narrative report. */
    IMAGING
}
