package dev.patrol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.aws.DynamoDbLocal;
import dev.patrol.lambda.testing.LambdaHarness;
import dev.patrol.state.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A mute set with the real {@code patrol mute} process on a laptop, against the state table
 * ({@code state.table} + {@code aws.endpoint}, DynamoDB Local on loopback), honoured by the
 * health function's Lambda handler (FunctionInvoker, its real runtime) on the same table; then
 * {@code patrol unmute} releases the held DOWN at the handler's next run, once. Time moves with
 * PATROL_TEST_NOW in both.
 */
@ExtendWith(DynamoDbLocal.Extension.class)
class MuteFromLaptopIT {
    static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    static final List<String> SET = List.of("MAIN_CLASS", "PATROL_CONFIG", "PATROL_RUNTIME_FACTORY", "PATROL_TEST_NOW",
            "aws.accessKeyId", "aws.secretAccessKey", "AWS_REGION");
    static final Map<String, String> AWS_ENV = Map.of("AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local",
            "AWS_REGION", "us-east-1");
    static final String SCHEDULED = """
            { "version": "0", "id": "%s", "detail-type": "Scheduled Event", "source": "aws.events",
              "account": "123456789012", "time": "2026-12-07T10:00:00Z", "region": "us-east-1",
              "resources": ["arn:aws:events:us-east-1:123456789012:rule/patrol-health"], "detail": {} }""";

    @TempDir
    Path dir;

    @AfterEach
    void clear() {
        SET.forEach(System::clearProperty);
    }

    private JsonNode handlerAt(Instant at) {
        LambdaHarness health = LambdaHarness.start("health", Map.of("PATROL_CONFIG", dir.resolve("patrol.yml").toString(),
                "PATROL_RUNTIME_FACTORY", "dev.patrol.lambda.PipelineRuntimeFactory", "PATROL_TEST_NOW", at.toString(),
                "aws.accessKeyId", "local", "aws.secretAccessKey", "local", "AWS_REGION", "us-east-1"));
        String id = UUID.randomUUID().toString();
        return health.invoke(SCHEDULED.formatted(id), id);
    }

    private PatrolProcess.Result patrolAt(Instant at, String... args) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(AWS_ENV);
        env.put("PATROL_TEST_NOW", at.toString());
        PatrolProcess.Result r = PatrolProcess.run(dir, env, args);
        assertThat(r.exit()).as(r.err()).isZero();
        return r;
    }

    @Test
    void aMuteSetWithPatrolMuteHoldsTheHandlersDownAndPatrolUnmuteReleasesItOnce(DynamoDbLocal db) throws Exception {
        String table = db.newTable();
        Files.writeString(dir.resolve("patrol.yml"), """
                name: laptop-and-lambda
                state: { table: %s }
                aws: { region: us-east-1, endpoint: "%s" }
                health:
                  endpoints:
                    - { name: backend, url: "http://127.0.0.1:9/", timeout: 2s }
                    - { name: frontend, url: "http://127.0.0.1:9/", timeout: 2s }
                """.formatted(table, db.endpoint()));

        assertThat(patrolAt(T0, "mute", "backend", "--for", "2h", "--reason", "deploy 4.2").out())
                .contains("muted backend until 2026-12-07T12:00:00Z");

        JsonNode during = handlerAt(T0.plus(Duration.ofMinutes(5)));
        assertThat(during.path("results").get(0).path("target").asString()).isEqualTo("backend");
        assertThat(during.path("results").get(0).path("muted").asBoolean()).as("the handler sees the laptop's mute").isTrue();
        assertThat(during.path("results").get(1).has("muted")).isFalse();
        assertThat(LambdaHarness.alerts(during)).containsExactly("frontend down");
        assertThat(LambdaHarness.alerts(handlerAt(T0.plus(Duration.ofHours(1))))).isEmpty();

        JsonNode listed = Json.MAPPER.readTree(patrolAt(T0.plus(Duration.ofMinutes(61)), "mutes", "--json").out());
        assertThat(listed.path("mutes").findValuesAsString("target")).containsExactly("backend");
        assertThat(patrolAt(T0.plus(Duration.ofMinutes(70)), "unmute", "backend").out()).contains("unmuted backend");

        assertThat(LambdaHarness.alerts(handlerAt(T0.plus(Duration.ofMinutes(75))))).as("held DOWN released by unmute").containsExactly("backend down");
        assertThat(LambdaHarness.alerts(handlerAt(T0.plus(Duration.ofMinutes(80))))).isEmpty();
    }
}
