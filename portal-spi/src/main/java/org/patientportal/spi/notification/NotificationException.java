package org.patientportal.spi.notification;

/**
 * A sender could not deliver. Retryable failures are tried again with backoff; permanent ones
 * (an unknown channel, an address the provider refuses) go to the dead letters at once. The
 * message never carries the address or the text. There is deliberately no constructor taking a
 * cause: a provider's exception often quotes the request (address, body), and a host that logs
 * the stack trace would print it.
 */
public class NotificationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean retryable;

    public NotificationException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    /** A failure worth retrying (a timeout, a provider's 5xx). */
    public static NotificationException retryable(String message) {
        return new NotificationException(message, true);
    }

    /** A failure no retry will mend. */
    public static NotificationException permanent(String message) {
        return new NotificationException(message, false);
    }

    /** Whether a retry may succeed. */
    public boolean retryable() {
        return retryable;
    }
}
