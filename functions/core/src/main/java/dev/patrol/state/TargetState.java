package dev.patrol.state;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * What Patrol remembers about one target between runs: up, down or unknown, how
 * many failures in a row, since when, and today's tally (rolled into a history
 * item when the day changes, for uptime and trends), and the reminders and escalation
 * already sent for the current outage; the times of its recent changes (within the flapping
 * window) and whether it is flapping.
 */
public record TargetState(String status, int failures, Instant since, Instant lastCheckedAt, String lastMessage,
                          Instant firstSeen, LocalDate day, int checksToday, int failuresToday, int reminders, boolean escalated,
                          List<Instant> changes, boolean flapping) {
    public TargetState {
        changes = changes == null ? List.of() : List.copyOf(changes);
    }

    public static final String UP = "up";
    public static final String DOWN = "down";
    public static final String UNKNOWN = "unknown";

    /** A state from before reminders and escalation: none sent yet. */
    public TargetState(String status, int failures, Instant since, Instant lastCheckedAt, String lastMessage,
                       Instant firstSeen, LocalDate day, int checksToday, int failuresToday) {
        this(status, failures, since, lastCheckedAt, lastMessage, firstSeen, day, checksToday, failuresToday, 0, false, List.of(), false);
    }

    public static TargetState fresh(Instant now) {
        return new TargetState(UNKNOWN, 0, now, null, null, now, null, 0, 0);
    }

    /** This state after the reminders and escalation of the current outage were sent. */
    public TargetState alerted(int remindersSent, boolean escalationSent) {
        return new TargetState(status, failures, since, lastCheckedAt, lastMessage, firstSeen, day, checksToday, failuresToday,
                remindersSent, escalationSent, changes, flapping);
    }

    /** This state with its recent changes and whether it is flapping. */
    public TargetState flapped(List<Instant> recentChanges, boolean isFlapping) {
        return new TargetState(status, failures, since, lastCheckedAt, lastMessage, firstSeen, day, checksToday, failuresToday,
                reminders, escalated, recentChanges, isFlapping);
    }

    public boolean isDown() {
        return DOWN.equals(status);
    }
}
