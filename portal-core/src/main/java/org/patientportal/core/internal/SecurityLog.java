package org.patientportal.core.internal;

import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Security events (LG-2) on the SLF4J logger {@code org.patientportal.security}: login success and
 * failure, lockout, code failures, denied access. Ids, enums and counts only (LG-1); every value
 * goes through {@link LogSafe#escape}. Successes log at INFO, everything else at WARN.
 */
public final class SecurityLog {
    /** The logger's name. */
    public static final String LOGGER_NAME = "org.patientportal.security";

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER_NAME);

    private SecurityLog() {
    }

    /**
     * Logs one event as {@code event=<event> outcome=<outcome> key=value ...} (keys sorted).
     *
     * @param event   a fixed word ({@code "code_verification"}, {@code "login"}, {@code "access"})
     * @param outcome a fixed word ({@code "success"}, {@code "failure"}, {@code "denied"}, {@code "locked"})
     * @param ids     ids, enums and counts only; never a name, code, token, password, SSN4 or birth date
     */
    public static void event(String event, String outcome, Map<String, ?> ids) {
        boolean success = "success".equals(outcome);
        if (success ? !LOG.isInfoEnabled() : !LOG.isWarnEnabled()) {
            return;
        }
        StringBuilder line = new StringBuilder("event=").append(LogSafe.escape(event))
                .append(" outcome=").append(LogSafe.escape(outcome));
        if (ids != null) {
            for (Map.Entry<String, ?> entry : new TreeMap<>(ids).entrySet()) {
                line.append(' ').append(LogSafe.escape(entry.getKey())).append('=')
                        .append(LogSafe.escape(String.valueOf(entry.getValue())));
            }
        }
        if (success) {
            LOG.info("{}", line);
        } else {
            LOG.warn("{}", line);
        }
    }
}
