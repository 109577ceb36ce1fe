package dev.patrol.lambda.fanout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One SQS message of a fanned-out run: which job, which run, which slice of its
 * targets. {@code index} counts from 1 to {@code count}.
 */
public record FanOutBatch(String job, String runId, Instant startedAt, int index, int count, List<String> targets) {

    public FanOutBatch {
        targets = List.copyOf(targets);
        if (index < 1 || index > count) throw new IllegalArgumentException("batch " + index + " of " + count);
    }

    public String toJson() {
        ObjectNode node = JsonMapper.shared().createObjectNode()
                .put("job", job).put("runId", runId).put("startedAt", startedAt.toString())
                .put("index", index).put("count", count);
        targets.forEach(node.putArray("targets")::add);
        return node.toString();
    }

    public static FanOutBatch parse(String body) {
        JsonNode node = JsonMapper.shared().readTree(body);
        List<String> targets = new ArrayList<>();
        node.path("targets").forEach(t -> targets.add(t.asString()));
        return new FanOutBatch(required(node, "job"), required(node, "runId"),
                Instant.parse(required(node, "startedAt")), node.path("index").asInt(), node.path("count").asInt(), targets);
    }

    private static String required(JsonNode node, String field) {
        String value = node.path(field).asString("");
        if (value.isBlank()) throw new IllegalArgumentException("fan-out message without " + field);
        return value;
    }
}
