package dev.patrol.lambda.log;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Map;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * Writes {@code {"time","level","logger","message",...MDC,"error"}} as one line.
 * The MDC carries {@code requestId} and {@code function} for the invocation in
 * progress (see {@link RequestScope}). Messages are the caller's text: Patrol
 * never puts a secret value in a message or an exception.
 */
final class JsonLogger extends LegacyAbstractLogger {
    private final Level threshold;
    private final transient PrintStream out;

    JsonLogger(String name, Level threshold, PrintStream out) {
        this.name = name;
        this.threshold = threshold;
        this.out = out;
    }

    private boolean enabled(Level level) {
        return level.toInt() >= threshold.toInt();
    }

    @Override public boolean isTraceEnabled() { return enabled(Level.TRACE); }
    @Override public boolean isDebugEnabled() { return enabled(Level.DEBUG); }
    @Override public boolean isInfoEnabled() { return enabled(Level.INFO); }
    @Override public boolean isWarnEnabled() { return enabled(Level.WARN); }
    @Override public boolean isErrorEnabled() { return enabled(Level.ERROR); }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args, Throwable error) {
        StringBuilder line = new StringBuilder(160).append('{');
        field(line, "time", Instant.now().toString()).append(',');
        field(line, "level", level.name()).append(',');
        field(line, "logger", name).append(',');
        field(line, "message", MessageFormatter.basicArrayFormat(pattern, args));
        Map<String, String> context = MDC.getCopyOfContextMap();
        if (context != null) context.forEach((k, v) -> field(line.append(','), k, v));
        if (error != null) field(line.append(','), "error", error.getClass().getName() + ": " + error.getMessage());
        String text = line.append('}').toString();
        synchronized (out) {
            out.println(text);
        }
    }

    private static StringBuilder field(StringBuilder line, String key, String value) {
        quote(line, key).append(':');
        return value == null ? line.append("null") : quote(line, value);
    }

    private static StringBuilder quote(StringBuilder line, String text) {
        line.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> line.append("\\\"");
                case '\\' -> line.append("\\\\");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                default -> {
                    if (c < 0x20) line.append(String.format("\\u%04x", (int) c));
                    else line.append(c);
                }
            }
        }
        return line.append('"');
    }
}
