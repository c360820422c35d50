package org.patientportal.core.messaging;

import org.patientportal.spi.screening.UrgencyScreener;

/** The urgency screeners the SDK ships (MS-2). */
public final class UrgencyScreeners {
    private UrgencyScreeners() {
    }

    /**
     * The default screener: English and Spanish, case- and accent-insensitive, tolerant of common
     * misspellings and word order; ignores a sign negated just before it ("no chest pain") or told
     * as history without a word of now ("chest pain last year"). A host may combine it with its own
     * classifier.
     *
     * @return the screener (stateless, thread-safe)
     */
    public static UrgencyScreener standard() {
        return new DefaultUrgencyScreener();
    }
}
