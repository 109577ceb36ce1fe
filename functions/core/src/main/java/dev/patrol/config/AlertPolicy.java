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

    /** This policy with what it leaves unset taken from {@code defaults}. */
    public AlertPolicy over(AlertPolicy defaults) {
        return new AlertPolicy(remindEvery != null ? remindEvery : defaults.remindEvery,
                maxReminders > 0 ? maxReminders : defaults.maxReminders,
                escalateAfter != null ? escalateAfter : defaults.escalateAfter,
                owner != null ? owner : defaults.owner);
    }
}
