package dev.patrol.config;

import java.time.Duration;

/**
 * How a target's alerts are shaped beyond its transitions: a REMINDER every
 * {@code remindEvery} while it stays down (at most {@code maxReminders}), an
 * ESCALATION once it has been down for {@code escalateAfter}, and the {@code owner}
 * that routes match. Null durations are off.
 */
public record AlertPolicy(Duration remindEvery, int maxReminders, Duration escalateAfter, String owner) {
    public static final AlertPolicy NONE = new AlertPolicy(null, 0, null, null);
    /** Reminders sent when {@code remindEvery} is set and {@code maxReminders} is not. */
    public static final int DEFAULT_MAX_REMINDERS = 3;

    /** How many reminders one outage (or one open finding) sends at most. */
    public int reminderLimit() {
        return maxReminders > 0 ? maxReminders : DEFAULT_MAX_REMINDERS;
    }

    /**
     * The reminders due after {@code open} (never fewer than {@code sent}): counted from the start, so a late or
     * skipped run neither sends two at once nor shifts the ones after.
     */
    public int remindersDue(java.time.Duration open, int sent) {
        if (remindEvery == null) return sent;
        return Math.max(sent, (int) Math.min(reminderLimit(), open.toMillis() / remindEvery.toMillis()));
    }

    /** This policy with what it leaves unset taken from {@code defaults}. */
    public AlertPolicy over(AlertPolicy defaults) {
        return new AlertPolicy(remindEvery != null ? remindEvery : defaults.remindEvery,
                maxReminders > 0 ? maxReminders : defaults.maxReminders,
                escalateAfter != null ? escalateAfter : defaults.escalateAfter,
                owner != null ? owner : defaults.owner);
    }
}
