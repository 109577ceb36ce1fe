package dev.patrol.report.dora;

import dev.patrol.report.StateHistory;
import dev.patrol.state.StateStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Incidents as the health job left them in state: each DOWN transition of a target and the UP
 * that followed it. The time is the transition's (its sort key), not when the report runs.
 */
public final class IncidentHistory {
    private IncidentHistory() {}

    /** Every incident of the health targets named in {@code services} (null: every health target), oldest first. */
    public static List<Incident> read(StateStore state, List<String> services) {
        return of(new StateHistory(state).transitions("health", Instant.MIN), services);
    }

    /** The same from the health job's transitions, oldest first, as a report run has read them already. */
    public static List<Incident> of(List<StateHistory.Change> transitions, List<String> services) {
        List<Incident> out = new ArrayList<>();
        Map<String, Instant> open = new HashMap<>();
        for (StateHistory.Change change : transitions) {
            String target = change.target();
            if (services != null && !services.contains(target)) continue;
            Instant at = change.at();
            switch (change.transition()) {
                case "down" -> open.putIfAbsent(target, at);
                case "up" -> {
                    Instant down = open.remove(target);
                    if (down != null) out.add(new Incident(target, down, at));
                }
                default -> { }
            }
        }
        open.forEach((target, down) -> out.add(new Incident(target, down, null)));
        out.sort(java.util.Comparator.comparing(Incident::down));
        return out;
    }
}
