package dev.patrol.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class RunDocumentsTest {

    static JsonNode batch(String status, String finishedAt, String... targets) {
        var doc = JsonMapper.shared().createObjectNode().put("status", status).put("finishedAt", finishedAt);
        var results = doc.putArray("results");
        for (String t : targets) results.addObject().put("target", t).put("status", status.equals("ok") ? "ok" : "fail");
        doc.putArray("alerts").addObject().put("target", targets[0]);
        return doc;
    }

    @Test
    void batchesJoinInOrderWithTheWorstStatusAndTheLatestFinish() {
        JsonNode whole = RunDocuments.merge("health", "run-1", Instant.parse("2026-11-22T09:00:00Z"), List.of(
                batch("ok", "2026-11-22T09:00:03Z", "a", "b"),
                batch("problems", "2026-11-22T09:00:05Z", "c"),
                batch("ok", "2026-11-22T09:00:04Z", "d")));

        assertThat(whole.path("results").findValuesAsString("target")).containsExactly("a", "b", "c", "d");
        assertThat(whole.path("alerts").size()).isEqualTo(3);
        assertThat(whole.path("status").asString()).isEqualTo("problems");
        assertThat(whole.path("finishedAt").asString()).isEqualTo("2026-11-22T09:00:05Z");
        assertThat(whole.path("runId").asString()).isEqualTo("run-1");
        assertThat(whole.path("fanout").path("batches").asInt()).isEqualTo(3);
    }

    @Test
    void anErrorInAnyBatchMakesTheRunAnError() {
        JsonNode whole = RunDocuments.merge("backups", "run-2", Instant.now(), List.of(
                batch("problems", "2026-11-22T09:00:03Z", "a"), batch("error", "2026-11-22T09:00:01Z", "b")));

        assertThat(whole.path("status").asString()).isEqualTo("error");
    }
}
