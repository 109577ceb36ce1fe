package dev.patrol.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patrol.lambda.testing.LambdaHarness;
import dev.patrol.lambda.testing.TestRuntimeFactory;
import dev.patrol.state.Keys;
import dev.patrol.state.StateItem;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The functions as Lambda runs them: FunctionInvoker, real event JSON in, JSON out. */
class FunctionInvokerTest {
    static final String TOKEN = "s3cr3t-" + UUID.randomUUID();

    @TempDir
    static Path dir;
    static LambdaHarness health;
    static LambdaHarness ping;
    static LambdaHarness worker;

    @BeforeAll
    static void containers() {
        Map<String, String> settings = Map.of("PATROL_CONFIG", LambdaHarness.configFile(dir), "PATROL_TEST_PING_TOKEN", TOKEN);
        health = LambdaHarness.start("health", settings);
        ping = LambdaHarness.start("ping", settings);
        worker = LambdaHarness.start("worker", settings);
    }

    @AfterAll
    static void clear() {
        System.clearProperty("PATROL_CONFIG");
        System.clearProperty("PATROL_TEST_PING_TOKEN");
    }

    @Test
    void aScheduledEventRunsTheJobAndAnswersWithTheRunDocument() {
        ObjectNode event = LambdaHarness.event("eventbridge-scheduled.json").put("id", UUID.randomUUID().toString());

        JsonNode doc = health.invoke(event);

        assertThat(doc.path("job").asString()).isEqualTo("health");
        assertThat(doc.path("runId").asString()).isNotBlank();
        assertThat(doc.path("results").findValuesAsString("target"))
                .containsExactly("backend", "frontend", "crm-sync-9am", "nightly-export");
        assertThat(doc.path("status").asString()).isEqualTo("problems"); // nothing listens on port 9
    }

    @Test
    void aRedeliveredEventIsWorkedOnOnceAndGetsTheFirstAnswer() {
        ObjectNode event = LambdaHarness.event("eventbridge-scheduled.json").put("id", UUID.randomUUID().toString());
        int before = runs("health");

        JsonNode first = health.invoke(event.toString(), UUID.randomUUID().toString());
        JsonNode again = health.invoke(event.toString(), UUID.randomUUID().toString());

        assertThat(runs("health")).isEqualTo(before + 1);
        assertThat(again.path("runId").asString()).isEqualTo(first.path("runId").asString());
        assertThat(TestRuntimeFactory.STATE.get("event#health", event.path("id").asString())).isPresent();
    }

    @Test
    void aDirectRequestRunsOnlyTheNamedTargets() {
        JsonNode doc = health.invoke(JsonMapper.shared().readTree("{\"targets\": [\"backend\"]}"));

        assertThat(doc.path("results").findValuesAsString("target")).containsExactly("backend");
    }

    @Test
    void aRequestPatrolCannotReadFailsTheInvocation() {
        assertThatThrownBy(() -> health.invoke(JsonMapper.shared().readTree("{\"target\": \"backend\"}")))
                .hasMessageContaining("EventBridge scheduled event or {\"targets\"");
    }

    @Test
    void aFailedRunIsNotRememberedSoTheRetryRunsAgain() {
        TestRuntimeFactory.STATE.unreachableFor.add("frontend");
        String event = LambdaHarness.event("eventbridge-scheduled.json").put("id", UUID.randomUUID().toString()).toString();
        try {
            assertThatThrownBy(() -> health.invoke(event, "r1")).hasMessageContaining("unreachable");
        } finally {
            TestRuntimeFactory.STATE.unreachableFor.clear();
        }
        assertThat(health.invoke(event, "r2").path("results").size()).isEqualTo(4);
    }

    @Test
    void aPingWithItsTokenIsRecordedInState() {
        JsonNode response = ping.invoke(pingEvent("/ping/crm-sync-9am/start", "Bearer " + TOKEN, null));

        assertThat(response.path("statusCode").asInt()).isEqualTo(200);
        JsonNode body = JsonMapper.shared().readTree(response.path("body").asString());
        assertThat(body.path("kind").asString()).isEqualTo("start");
        // The items `patrol ping` writes and the health job reads (dev.patrol.health.Pings).
        StateItem item = TestRuntimeFactory.STATE.query("heartbeat#crm-sync-9am", "ping#").getLast();
        assertThat(item.sk()).startsWith("ping#").endsWith("#start");
        assertThat(JsonMapper.shared().readTree(item.data()).path("kind").asString()).isEqualTo("start");
        assertThat(item.expiresAt()).isAfter(java.time.Instant.now().plus(java.time.Duration.ofDays(29)));
        assertThat(TestRuntimeFactory.STATE.get("heartbeat#crm-sync-9am", "last#start")).isPresent();
    }

    @Test
    void theTokenMayComeAsAQueryParameter() {
        JsonNode response = ping.invoke(pingEvent("/ping/crm-sync-9am", null, TOKEN));

        assertThat(response.path("statusCode").asInt()).isEqualTo(200);
    }

    @Test
    void unknownHeartbeatsAndWrongTokensGetTheSameAnswer() {
        long failsBefore = failPings("crm-sync-9am");
        JsonNode wrongToken = ping.invoke(pingEvent("/ping/crm-sync-9am/fail", "Bearer nope", null));
        JsonNode unknown = ping.invoke(pingEvent("/ping/no-such-job", "Bearer " + TOKEN, null));
        JsonNode noTokenConfigured = ping.invoke(pingEvent("/ping/nightly-export", "Bearer " + TOKEN, null));

        assertThat(wrongToken.path("statusCode").asInt()).isEqualTo(404);
        assertThat(unknown.path("statusCode").asInt()).isEqualTo(404);
        assertThat(noTokenConfigured.path("statusCode").asInt()).isEqualTo(404);
        assertThat(wrongToken.path("body")).isEqualTo(unknown.path("body")).isEqualTo(noTokenConfigured.path("body"));
        assertThat(failPings("crm-sync-9am")).isEqualTo(failsBefore);
    }

    @Test
    void anExitCodeInThePathAndAPostedMessageReachTheHealthRun() {
        ObjectNode event = pingEvent("/ping/crm-sync-9am/3", "Bearer " + TOKEN, null).put("body", "pg_dump: connection refused");

        JsonNode response = ping.invoke(event);

        assertThat(response.path("statusCode").asInt()).isEqualTo(200);
        JsonNode body = JsonMapper.shared().readTree(response.path("body").asString());
        assertThat(body.path("kind").asString()).isEqualTo("fail");
        assertThat(body.path("exitCode").asInt()).isEqualTo(3);
        JsonNode doc = health.invoke(LambdaHarness.event("eventbridge-scheduled.json").put("id", UUID.randomUUID().toString()));
        JsonNode crm = java.util.stream.StreamSupport.stream(doc.path("results").spliterator(), false)
                .filter(r -> r.path("target").asString().equals("crm-sync-9am")).findFirst().orElseThrow();
        assertThat(crm.path("status").asString()).isEqualTo("fail");
        assertThat(crm.path("message").asString()).contains("(exit code 3): \"pg_dump: connection refused\"");
    }

    @Test
    void aPostedMessageIsKeptUpToTenKilobytesAndExitCodeZeroIsASuccess() {
        String base64 = java.util.Base64.getEncoder().encodeToString("x".repeat(12_000).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        ObjectNode event = pingEvent("/ping/crm-sync-9am/0", "Bearer " + TOKEN, null).put("body", base64).put("isBase64Encoded", true);

        assertThat(ping.invoke(event).path("statusCode").asInt()).isEqualTo(200);
        JsonNode last = JsonMapper.shared().readTree(TestRuntimeFactory.STATE.get("heartbeat#crm-sync-9am", "last#ok").orElseThrow().data());
        assertThat(last.path("exitCode").asInt()).isZero();
        assertThat(last.path("message").asString()).hasSize(10 * 1024);
        assertThat(ping.invoke(pingEvent("/ping/crm-sync-9am/256", "Bearer " + TOKEN, null)).path("statusCode").asInt()).isEqualTo(400);
    }

    static long failPings(String heartbeat) {
        return TestRuntimeFactory.STATE.query("heartbeat#" + heartbeat, "ping#").stream().filter(i -> i.sk().endsWith("#fail")).count();
    }

    @Test
    void aPingWithoutATokenIsAskedForOne() {
        JsonNode response = ping.invoke(pingEvent("/ping/crm-sync-9am", null, null));

        assertThat(response.path("statusCode").asInt()).isEqualTo(401);
        assertThat(response.path("headers").path("www-authenticate").asString()).isEqualTo("Bearer");
    }

    @Test
    void theWorkerReportsOnlyTheFailedMessagesOfAnSqsBatch() {
        ObjectNode event = LambdaHarness.event("sqs-event.json");
        ObjectNode good = (ObjectNode) event.path("Records").get(0);
        ObjectNode bad = good.deepCopy().put("messageId", "bad-1").put("body", "not json");
        good.put("body", "{\"job\":\"health\",\"runId\":\"" + UUID.randomUUID()
                + "\",\"startedAt\":\"2026-11-22T09:00:00Z\",\"index\":1,\"count\":1,\"targets\":[\"backend\"]}");
        event.withArray("Records").add(bad);

        JsonNode response = worker.invoke(event);

        assertThat(response.path("batchItemFailures").findValuesAsString("itemIdentifier")).containsExactly("bad-1");
    }

    static ObjectNode pingEvent(String path, String authorization, String token) {
        ObjectNode event = LambdaHarness.event("function-url.json").put("rawPath", path);
        ((ObjectNode) event.path("requestContext").path("http")).put("path", path);
        if (authorization != null) ((ObjectNode) event.path("headers")).put("authorization", authorization);
        if (token != null) {
            event.put("rawQueryString", "token=" + token);
            event.putObject("queryStringParameters").put("token", token);
        }
        return event;
    }

    /** Run records the pipeline saved for a job: one per run that did its work. */
    static int runs(String job) {
        return TestRuntimeFactory.STATE.query(Keys.runs(job), "").size();
    }
}
