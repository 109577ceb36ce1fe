package dev.patrol.state;

import java.time.Instant;
import java.time.LocalDate;

/**
 * What Patrol remembers about one target between runs: up, down or unknown, how
 * many failures in a row, since when, and today's tally (rolled into a history
 * item when the day changes, for uptime and trends), and the reminders and escalation
 * already sent for the current outage.
 */
public record TargetState(String status, int failures, Instant since, Instant lastCheckedAt, String lastMessage,
                          Instant firstSeen, LocalDate day, int checksToday, int failuresToday, int reminders, boolean escalated) {
    public static final String UP = "up";
    public static final String DOWN = "down";
    public static final String UNKNOWN = "unknown";

    /** A state from before reminders and escalation: none sent yet. */
    public TargetState(String status, int failures, Instant since, Instant lastCheckedAt, String lastMessage,
                       Instant firstSeen, LocalDate day, int checksToday, int failuresToday) {
        this(status, failures, since, lastCheckedAt, lastMessage, firstSeen, day, checksToday, failuresToday, 0, false);
    }

    public static TargetState fresh(Instant now) {
        return new TargetState(UNKNOWN, 0, now, null, null, now, null, 0, 0);
    }

    /** This state after the reminders and escalation of the current outage were sent. */
    public TargetState alerted(int remindersSent, boolean escalationSent) {
        return new TargetState(status, failures, since, lastCheckedAt, lastMessage, firstSeen, day, checksToday, failuresToday,
                remindersSent, escalationSent);
    }

    public boolean isDown() {
        return DOWN.equals(status);
    }
}
