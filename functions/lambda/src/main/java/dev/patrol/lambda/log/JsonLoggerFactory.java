package dev.patrol.lambda.log;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * Hands out {@link JsonLogger}s. Patrol's own loggers ({@code dev.patrol.*}) log
 * at {@code PATROL_LOG_LEVEL} (default INFO); everything else (Spring, the SDK)
 * at {@code PATROL_LIBRARY_LOG_LEVEL} (default WARN), which also keeps Spring
 * Cloud Function from logging every payload it receives.
 */
public final class JsonLoggerFactory implements ILoggerFactory {
    private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
    private final PrintStream out;
    private final Levels levels;

    /** Thresholds: Patrol's own code, and every library. */
    public record Levels(Level patrol, Level libraries) {}

    public JsonLoggerFactory(PrintStream out, Levels levels) {
        this.out = out;
        this.levels = levels;
    }

    static Levels levelsFromEnvironment() {
        return new Levels(level("PATROL_LOG_LEVEL", Level.INFO), level("PATROL_LIBRARY_LOG_LEVEL", Level.WARN));
    }

    @Override
    public Logger getLogger(String name) {
        return loggers.computeIfAbsent(name, n ->
                new JsonLogger(n, n.startsWith("dev.patrol") ? levels.patrol() : levels.libraries(), out));
    }

    private static Level level(String name, Level fallback) {
        String value = System.getenv(name);
        if (value == null) value = System.getProperty(name);
        if (value == null || value.isBlank()) return fallback;
        try {
            return Level.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }
}
