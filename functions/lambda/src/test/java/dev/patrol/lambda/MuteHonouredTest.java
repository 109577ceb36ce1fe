package dev.patrol.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.alert.Mutes;
import dev.patrol.aws.DynamoDbLocal;
import dev.patrol.aws.DynamoDbStateStore;
import dev.patrol.aws.AwsClients;
import dev.patrol.lambda.testing.LambdaHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
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
 * A mute written to the state table the way {@code patrol mute} writes it (through
 * {@link Mutes}, the class the command calls) is honoured by the health function's handler
 * running its real runtime (PipelineRuntimeFactory) on the same table, in DynamoDB Local;
 * time moved with PATROL_TEST_NOW. The CLI process itself is driven in the cli module's
 * MuteAndMaintenanceIT; this module builds before the CLI's jar exists.
 */
@ExtendWith(DynamoDbLocal.Extension.class)
class MuteHonouredTest {
    static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    static final List<String> SET = List.of("PATROL_CONFIG", "PATROL_RUNTIME_FACTORY", "PATROL_TEST_NOW", "aws.accessKeyId",
            "aws.secretAccessKey", "AWS_REGION");

    @TempDir
    Path dir;

    @AfterEach
    void clear() {
        SET.forEach(System::clearProperty);
    }

    private JsonNode runAt(Instant at, Path config) {
        LambdaHarness health = LambdaHarness.start("health", Map.of("PATROL_CONFIG", config.toString(),
                "PATROL_RUNTIME_FACTORY", "dev.patrol.lambda.PipelineRuntimeFactory", "PATROL_TEST_NOW", at.toString(),
                "aws.accessKeyId", "local", "aws.secretAccessKey", "local", "AWS_REGION", "us-east-1"));
        return health.invoke(LambdaHarness.event("eventbridge-scheduled.json").put("id", UUID.randomUUID().toString()));
    }

    private static List<String> alerts(JsonNode run) {
        List<String> out = new ArrayList<>();
        run.path("alerts").forEach(a -> out.add(a.path("target").asString() + " " + a.path("transition").asString()));
        return out;
    }

    @Test
    void aMuteInTheTableHoldsTheHandlersDownUntilItExpiresThenItAlertsOnce(DynamoDbLocal db) throws Exception {
        String table = db.newTable();
        Path config = dir.resolve("patrol.yml");
        Files.writeString(config, """
                name: lambda-mute
                state: { table: %s }
                aws: { region: us-east-1, endpoint: "%s" }
                health:
                  endpoints:
                    - { name: backend, url: "http://127.0.0.1:9/", timeout: 2s }
                    - { name: frontend, url: "http://127.0.0.1:9/", timeout: 2s }
                """.formatted(table, db.endpoint()));
        try (AwsClients aws = AwsClients.local(db.endpoint())) {
            new Mutes(new DynamoDbStateStore(aws.dynamoDb(), table), Clock.fixed(T0, ZoneOffset.UTC)).mute("backend", Duration.ofHours(2), "deploy 4.2");
        }

        JsonNode during = runAt(T0.plus(Duration.ofMinutes(5)), config);
        assertThat(during.path("results").get(0).path("muted").asBoolean()).isTrue();
        assertThat(during.path("results").get(1).has("muted")).isFalse();
        assertThat(alerts(during)).containsExactly("frontend down");

        assertThat(alerts(runAt(T0.plus(Duration.ofHours(1)), config))).isEmpty();
        assertThat(alerts(runAt(T0.plus(Duration.ofHours(2).plusMinutes(5)), config))).containsExactly("backend down");
        assertThat(alerts(runAt(T0.plus(Duration.ofHours(2).plusMinutes(10)), config))).isEmpty();
    }
}
