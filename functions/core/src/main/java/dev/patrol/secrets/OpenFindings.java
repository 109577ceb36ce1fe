package dev.patrol.secrets;

import dev.patrol.alert.Transition;
import dev.patrol.config.AlertPolicy;
import dev.patrol.secrets.FindingsLedger.StoredFinding;
import dev.patrol.state.Expect;
import dev.patrol.state.Json;
import dev.patrol.state.StateItem;
import dev.patrol.state.StateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a finding says while it stays open, as a target does while it stays down: a REMINDER every
 * {@code remindEvery} (at most {@code maxReminders}) and one ESCALATION after {@code escalateAfter},
 * both counted from the sweep that found it (or found it again after it was resolved).
 *
 * <p>Kept beside the ledger's findings, one item per open finding ({@code sk = open#<fingerprint>}),
 * so the stored finding itself stays as it is. A finding open from before this item existed counts
 * from when it was first seen. Nothing is written while no policy asks for follow-ups.
 */
final class OpenFindings {
    static final String OPEN = "open#";

    /** When it opened, and what has been said about it since. */
    record Open(Instant since, int reminders, boolean escalated) {}

    /** A follow-up to alert on. */
    record FollowUp(Transition transition, StoredFinding finding, Duration openFor, int reminder) {}

    /** The follow-ups of this run, and the writes that remember them (applied with the ledger's, after the alerts are queued). */
    record Result(List<FollowUp> followUps, List<StateStore.Write> writes) {}

    private OpenFindings() {}

    static Result follow(StateStore store, String repo, FindingsLedger.Outcome outcome, AlertPolicy policy, Instant now) {
        boolean wanted = policy.remindEvery() != null || policy.escalateAfter() != null;
        Map<String, StateItem> items = new HashMap<>();
        for (StateItem i : store.query(FindingsLedger.pk(repo), OPEN)) items.put(i.sk().substring(OPEN.length()), i);
        if (!wanted && items.isEmpty()) return new Result(List.of(), List.of());
        Set<String> justOpened = new java.util.HashSet<>();
        outcome.changes().stream().filter(c -> c.transition() == Transition.NEW).forEach(c -> justOpened.add(c.finding().fingerprint()));

        List<FollowUp> followUps = new ArrayList<>();
        List<StateStore.Write> writes = new ArrayList<>();
        for (StoredFinding f : outcome.findings()) {
            StateItem item = items.get(f.fingerprint());
            if (f.status() != FindingsLedger.Status.OPEN) {
                if (item != null) writes.add(StateStore.Write.delete(item.pk(), item.sk(), Expect.version(item.version())));
                continue;
            }
            if (!wanted) continue;
            Open before = justOpened.contains(f.fingerprint()) || item == null
                    ? new Open(justOpened.contains(f.fingerprint()) ? now : f.firstSeen(), 0, false)
                    : Json.read(item.data(), Open.class);
            Duration openFor = Duration.between(before.since(), now);
            int reminders = policy.remindersDue(openFor, before.reminders());
            if (reminders > before.reminders()) followUps.add(new FollowUp(Transition.REMINDER, f, openFor, reminders));
            boolean escalated = before.escalated();
            if (!escalated && policy.escalateAfter() != null && openFor.compareTo(policy.escalateAfter()) >= 0) {
                followUps.add(new FollowUp(Transition.ESCALATION, f, openFor, 0));
                escalated = true;
            }
            Open after = new Open(before.since(), reminders, escalated);
            if (item == null) {
                writes.add(StateStore.Write.put(StateItem.of(FindingsLedger.pk(repo), OPEN + f.fingerprint(), Json.write(after)), Expect.ABSENT));
            } else if (!after.equals(Json.read(item.data(), Open.class))) {
                writes.add(StateStore.Write.put(item.withData(Json.write(after)), Expect.version(item.version())));
            }
        }
        return new Result(followUps, writes);
    }
}
