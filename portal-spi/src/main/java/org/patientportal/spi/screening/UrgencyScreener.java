package org.patientportal.spi.screening;

/**
 * The screening port (MS-2): decides whether a patient's message looks like an emergency that
 * must not wait in an inbox. The SDK ships a default; a host may plug a better classifier.
 *
 * <p>Implementations must be thread-safe, must not log or keep the text (LG-1), and must not put it
 * in an exception message. A screener that throws is treated as having flagged the message (fail
 * safe: the patient sees the notice and may confirm).
 */
@FunctionalInterface
public interface UrgencyScreener {
    /**
     * Screens one text (the subject and the body of a patient's message).
     *
     * @param text the text, as the patient sent it
     * @return the verdict
     */
    UrgencyVerdict screen(String text);
}
