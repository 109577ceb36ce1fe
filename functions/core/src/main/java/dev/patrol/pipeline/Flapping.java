package dev.patrol.pipeline;

import dev.patrol.alert.Transition;
import dev.patrol.config.AlertsConfig;
import dev.patrol.state.TargetState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Nagios' flap detection, when {@code alerts.flapping} is set: a target that changed state more than {@code changes} times
 * within {@code window} says FLAPPING once and then stays quiet (no DOWN, RECOVERED,
 * REMINDER or ESCALATED) until a whole window passes without a change; then it says
 * STABLE once, naming the state it settled in. State and transitions are still recorded.
 */
final class Flapping {
    private Flapping() {}

    /** {@code quiet}: the change of this run and the outage's reminders and escalation are not sent. */
    record Step(TargetState next, Optional<Transition> transition, boolean quiet) {}

    static Step apply(TargetState state, Optional<Transition> change, AlertsConfig.Flapping policy, Instant now) {
        if (!policy.enabled()) return new Step(state.flapped(List.of(), false), Optional.empty(), false);
        Instant oldest = now.minus(policy.window());
        List<Instant> recent = new ArrayList<>(state.changes().stream().filter(t -> t.isAfter(oldest)).toList());
        change.ifPresent(c -> recent.add(now));
        if (!state.flapping()) {
            if (recent.size() > policy.changes()) return new Step(state.flapped(recent, true), Optional.of(Transition.FLAPPING), true);
            return new Step(state.flapped(recent, false), Optional.empty(), false);
        }
        // Flapping: quiet until one whole window has passed since the last change.
        Instant last = state.changes().isEmpty() ? state.since() : state.changes().getLast();
        // The run that says STABLE says nothing else: STABLE names the state, so a reminder due meanwhile is not sent on top.
        if (change.isEmpty() && !last.isAfter(oldest)) return new Step(state.flapped(recent, false), Optional.of(Transition.STABLE), true);
        return new Step(state.flapped(recent, true), Optional.empty(), true);
    }
}
