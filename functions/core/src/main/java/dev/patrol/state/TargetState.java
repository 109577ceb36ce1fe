package dev.patrol.state;

import java.time.Instant;
import java.time.LocalDate;

/**
 * What Patrol remembers about one target between runs: up, down or unknown, how
 * many failures in a row, since when, and today's tally (rolled into a history
 * item when the day changes, for uptime and trends).
 */
public record TargetState(String status, int failures, Instant since, Instant lastCheckedAt, String lastMessage,
                          Instant firstSeen, LocalDate day, int checksToday, int failuresToday) {
    public static final String UP = "up";
    public static final String DOWN = "down";
    public static final String UNKNOWN = "unknown";

    public static TargetState fresh(Instant now) {
        return new TargetState(UNKNOWN, 0, now, null, null, now, null, 0, 0);
    }

    public boolean isDown() {
        return DOWN.equals(status);
    }
}
