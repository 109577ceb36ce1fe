package dev.patrol.pipeline;

import dev.patrol.alert.Transition;
import dev.patrol.state.TargetState;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Change-only alerting: a target goes DOWN after {@code failAfter} consecutive
 * failures and comes back UP after one success. Only those two moments alert; a
 * target that stays down stays quiet. The first success of a new target is not a
 * recovery.
 */
public final class UpDown {
    private UpDown() {}

    public record Step(TargetState next, Optional<Transition> transition) {}

    public static Step apply(TargetState prev, Status status, String message, int failAfter, Instant now) {
        boolean failed = status != Status.OK;
        var today = now.atZone(ZoneOffset.UTC).toLocalDate();
        boolean sameDay = today.equals(prev.day());
        int checks = (sameDay ? prev.checksToday() : 0) + 1;
        int failuresToday = (sameDay ? prev.failuresToday() : 0) + (failed ? 1 : 0);
        int failures = failed ? prev.failures() + 1 : 0;

        String nextStatus = prev.status();
        Instant since = prev.since();
        Transition transition = null;
        if (failed && failures >= failAfter && !prev.isDown()) {
            nextStatus = TargetState.DOWN;
            since = now;
            transition = Transition.DOWN;
        } else if (!failed && !TargetState.UP.equals(prev.status())) {
            if (prev.isDown()) transition = Transition.UP;
            nextStatus = TargetState.UP;
            since = now;
        }
        // A new outage (or a recovery) starts the count of reminders and the escalation afresh.
        boolean sameOutage = transition == null;
        TargetState next = new TargetState(nextStatus, failures, since, now, message, prev.firstSeen(), today, checks, failuresToday,
                sameOutage ? prev.reminders() : 0, sameOutage && prev.escalated(), prev.changes(), prev.flapping());
        return new Step(next, Optional.ofNullable(transition));
    }
}
