package org.patientportal.core.results;

/** What an import did (RS-8). */
public enum ImportOutcome {
    /** A new result. */
    CREATED,
    /** A newer version became the current one; the earlier ones stay in history (RS-3). */
    UPDATED,
    /** The same version was sent again: nothing changed. */
    UNCHANGED,
    /** An older version than the stored one: nothing changed. */
    OLDER_IGNORED
}
