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
 * {@value AlertPolicy#DEFAULT_MAX_REMINDERS}) and one ESCALATION after {@code escalateAfter}.
 * Counted from the time it went down, so runs that come late or are skipped never
 * send two reminders at once nor shift the ones after.
 */
final class Outage {
    private Outage() {}

    record Step(TargetState next, List<Transition> transitions, Duration downFor) {
        /** Nothing said and nothing counted: {@code state} as it is. */
        static Step none(TargetState state) {
            return new Step(state, List.of(), Duration.ZERO);
        }
    }

    static Step apply(TargetState state, AlertPolicy policy, Instant now) {
        List<Transition> out = new ArrayList<>();
        if (!state.isDown()) return new Step(state, out, Duration.ZERO);
        Duration downFor = Duration.between(state.since(), now);
        int reminders = state.reminders();
        boolean escalated = state.escalated();
        int due = policy.remindersDue(downFor, reminders);
        if (due > reminders) {
            out.add(Transition.REMINDER);
            reminders = due;
        }
        if (policy.escalateAfter() != null && !escalated && downFor.compareTo(policy.escalateAfter()) >= 0) {
            out.add(Transition.ESCALATION);
            escalated = true;
        }
        return new Step(state.alerted(reminders, escalated), out, downFor);
    }

    static String say(Duration d) {
        return dev.patrol.alert.AlertText.duration(d);
    }
}
