package org.patientportal.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Captures every log line of the JVM at TRACE for the LG-1/LG-2 suites, and puts the levels back
 * when closed. {@link #render} gives everything a line could leak: the laid-out line with MDC and
 * key-value pairs, the formatted message, the raw arguments and the full stack trace.
 */
public final class LogCapture implements AutoCloseable {
    private final LoggerContext context;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final PatternLayout layout = new PatternLayout();
    private final Map<Logger, Level> savedLevels = new HashMap<>();

    private LogCapture(String name) {
        assertThat(LoggerFactory.getILoggerFactory()).isInstanceOf(LoggerContext.class);
        context = (LoggerContext) LoggerFactory.getILoggerFactory();
        for (Logger logger : context.getLoggerList()) {
            if (logger.getLevel() != null) {
                savedLevels.put(logger, logger.getLevel());
                logger.setLevel(Level.TRACE);
            }
        }
        Logger root = root();
        savedLevels.putIfAbsent(root, root.getLevel());
        root.setLevel(Level.TRACE);
        appender.setContext(context);
        appender.setName(name);
        appender.start();
        root.addAppender(appender);
        layout.setContext(context);
        layout.setPattern("%level %logger [%thread] %mdc %kvp - %msg%n%ex{full}");
        layout.start();
    }

    /** Starts capturing every logger at TRACE. */
    public static LogCapture everythingAtTrace(String name) {
        return new LogCapture(name);
    }

    /** The events captured so far. */
    public List<ILoggingEvent> events() {
        return List.copyOf(appender.list);
    }

    /** Everything an event could show: layout, formatted message, arguments, stack trace. */
    public String render(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(layout.doLayout(event));
        line.append(' ').append(event.getFormattedMessage());
        if (event.getArgumentArray() != null) {
            for (Object argument : event.getArgumentArray()) {
                line.append(' ').append(argument);
            }
        }
        if (event.getThrowableProxy() != null) {
            line.append('\n').append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
        }
        return line.toString();
    }

    /** Stops capturing and puts every level back. */
    @Override
    public void close() {
        root().detachAppender(appender);
        appender.stop();
        layout.stop();
        savedLevels.forEach(Logger::setLevel);
        savedLevels.clear();
    }

    private Logger root() {
        return context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
