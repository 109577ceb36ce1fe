package dev.patrol.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The clock every mode (CLI, Lambda) runs on. {@code PATROL_TEST_NOW} (an ISO
 * instant such as {@code 2026-12-03T09:00:00Z}) starts it at that instant and lets it
 * tick from there: for tests only, so that mutes, maintenance windows and reminders
 * can be exercised through the real process without waiting hours. Never set it in
 * production: leases and TTLs would be computed on the moved clock.
 */
public final class Clocks {
    public static final String TEST_NOW = "PATROL_TEST_NOW";

    private Clocks() {}

    public static Clock fromEnvironment() {
        String raw = System.getenv(TEST_NOW);
        if (raw == null) raw = System.getProperty(TEST_NOW);
        if (raw == null || raw.isBlank()) return Clock.systemUTC();
        try {
            Instant at = Instant.parse(raw.trim());
            return Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), at));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(TEST_NOW + " must be an ISO instant like 2026-12-03T09:00:00Z, not \"" + raw + "\"");
        }
    }
}
