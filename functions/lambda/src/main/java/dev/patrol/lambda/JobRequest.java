package dev.patrol.lambda;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a job function was asked to do: run some targets (all when empty), and
 * whether the request came from a schedule. {@code eventId} is the EventBridge
 * event id, stable across redeliveries of one scheduled run.
 */
public record JobRequest(Optional<String> eventId, boolean scheduled, List<String> targets) {

    public JobRequest {
        targets = List.copyOf(targets);
    }

    /**
     * Reads an EventBridge event (a rule's "Scheduled Event", or the same shape
     * that the template's schedules send, optionally with {@code detail.targets})
     * or a direct {@code {"targets": [...]}} request; an empty body runs everything.
     */
    public static JobRequest parse(byte[] payload) {
        if (payload == null || payload.length == 0) return new JobRequest(Optional.empty(), false, List.of());
        JsonNode event;
        try {
            event = JsonMapper.shared().readTree(payload);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("input is not JSON: " + dev.patrol.state.Json.problem(e));
        }
        if (!event.isObject()) throw unsupported();
        if (event.has("detail-type") && event.has("source")) {
            String id = event.path("id").asString("");
            return new JobRequest(id.isBlank() ? Optional.empty() : Optional.of(id), true,
                    names(event.path("detail").path("targets")));
        }
        for (var name : event.propertyNames()) {
            if (!name.equals("targets")) throw unsupported();
        }
        return new JobRequest(Optional.empty(), false, names(event.path("targets")));
    }

    private static List<String> names(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) return List.of();
        if (!node.isArray()) throw unsupported();
        List<String> names = new ArrayList<>();
        for (JsonNode n : node) {
            if (!n.isString() || n.asString().isBlank()) throw unsupported();
            names.add(n.asString());
        }
        return names;
    }

    private static IllegalArgumentException unsupported() {
        return new IllegalArgumentException(
                "input must be an EventBridge scheduled event or {\"targets\": [\"name\", ...]}");
    }
}
