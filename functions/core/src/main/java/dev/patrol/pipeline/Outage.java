package dev.patrol.pipeline;

import dev.patrol.alert.Transition;
import dev.patrol.config.AlertPolicy;
import dev.patrol.state.TargetState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a target that stays down says between its DOWN and its RECOVERED: a
 * REMINDER every {@code remindEvery} (at most {@code maxReminders}, default
 * {@value #DEFAULT_MAX_REMINDERS}) and one ESCALATION after {@code escalateAfter}.
 * Counted from the time it went down, so runs that come late or are skipped never
 * send two reminders at once nor shift the ones after.
 */
final class Outage {
    static final int DEFAULT_MAX_REMINDERS = 3;

    private Outage() {}

    record Step(TargetState next, List<Transition> transitions, Duration downFor) {}

    static Step apply(TargetState state, AlertPolicy policy, Instant now) {
        List<Transition> out = new ArrayList<>();
        if (!state.isDown()) return new Step(state, out, Duration.ZERO);
        Duration downFor = Duration.between(state.since(), now);
        int reminders = state.reminders();
        boolean escalated = state.escalated();
        if (policy.remindEvery() != null) {
            int max = policy.maxReminders() > 0 ? policy.maxReminders() : DEFAULT_MAX_REMINDERS;
            int due = (int) Math.min(max, downFor.toMillis() / policy.remindEvery().toMillis());
            if (due > reminders) {
                out.add(Transition.REMINDER);
                reminders = due;
            }
        }
        if (policy.escalateAfter() != null && !escalated && downFor.compareTo(policy.escalateAfter()) >= 0) {
            out.add(Transition.ESCALATION);
            escalated = true;
        }
        return new Step(state.alerted(reminders, escalated), out, downFor);
    }

    /** "8 h 12 min", "45 min", "2 d 3 h": how people say how long something has been down. */
    static String say(Duration d) {
        long days = d.toDays();
        long hours = d.toHoursPart();
        long minutes = d.toMinutesPart();
        if (days > 0) return days + " d" + (hours > 0 ? " " + hours + " h" : "");
        if (hours > 0) return hours + " h" + (minutes > 0 ? " " + minutes + " min" : "");
        return Math.max(1, minutes) + " min";
    }
}
