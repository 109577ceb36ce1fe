package dev.patrol.report.dora;

import dev.patrol.state.Json;
import dev.patrol.state.Keys;
import dev.patrol.state.StateItem;
import dev.patrol.state.StateStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Incidents as the health job left them in state: each DOWN transition of a target and the UP
 * that followed it. The time is the transition's (its sort key), not when the report runs.
 */
public final class IncidentHistory {
    private IncidentHistory() {}

    /** Every incident of the health targets named in {@code services} (null: every health target), oldest first. */
    public static List<Incident> read(StateStore state, List<String> services) {
        List<Incident> out = new ArrayList<>();
        Map<String, Instant> open = new HashMap<>();
        for (StateItem item : state.query(Keys.transitions("health"), "")) {
            JsonNode doc = Json.MAPPER.readTree(item.data());
            String target = doc.path("target").asString();
            if (services != null && !services.contains(target)) continue;
            Instant at = Instant.parse(item.sk().substring(0, item.sk().indexOf('#')));
            switch (doc.path("transition").asString()) {
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
