package dev.patrol.lambda;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds {@code run --json} documents for runs split over several invocations:
 * the one a dispatcher answers while its batches are still queued, and the one
 * that joins the batches' documents into a single run.
 */
public final class RunDocuments {

    private RunDocuments() {
    }

    /** A run whose batches are queued and not all finished; {@code status} is "pending". */
    public static ObjectNode pending(String job, String runId, Instant startedAt, int batches, int targets) {
        ObjectNode doc = header(job, runId, startedAt, null, "pending");
        doc.putArray("results");
        doc.putArray("alerts");
        doc.putObject("fanout").put("batches", batches).put("targets", targets);
        return doc;
    }

    /**
     * One document for the whole run: results and alerts of every batch in batch
     * order, the latest finish, and the worst status (error, then problems, then ok).
     */
    public static ObjectNode merge(String job, String runId, Instant startedAt, List<JsonNode> batches) {
        String status = "ok";
        String finishedAt = null;
        ArrayNode results = JsonMapper.shared().createArrayNode();
        ArrayNode alerts = JsonMapper.shared().createArrayNode();
        for (JsonNode batch : batches) {
            status = worse(status, batch.path("status").asString("error"));
            String finished = batch.path("finishedAt").asString(null);
            if (finished != null && (finishedAt == null || finished.compareTo(finishedAt) > 0)) finishedAt = finished;
            batch.path("results").forEach(results::add);
            batch.path("alerts").forEach(alerts::add);
        }
        ObjectNode doc = header(job, runId, startedAt, finishedAt, status);
        doc.set("results", results);
        doc.set("alerts", alerts);
        doc.putObject("fanout").put("batches", batches.size()).put("targets", results.size());
        return doc;
    }

    private static ObjectNode header(String job, String runId, Instant startedAt, String finishedAt, String status) {
        ObjectNode doc = JsonMapper.shared().createObjectNode();
        doc.put("job", job).put("runId", runId).put("startedAt", startedAt.toString());
        if (finishedAt == null) doc.putNull("finishedAt");
        else doc.put("finishedAt", finishedAt);
        return doc.put("status", status);
    }

    private static String worse(String a, String b) {
        return rank(b) > rank(a) ? b : a;
    }

    private static int rank(String status) {
        return switch (status) {
            case "ok" -> 0;
            case "problems" -> 1;
            default -> 2;
        };
    }
}
