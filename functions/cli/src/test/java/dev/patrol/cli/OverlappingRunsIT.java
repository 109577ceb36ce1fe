package dev.patrol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.aws.DynamoDbLocal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Two overlapping runs of one job: the second says so and exits 3, with DynamoDB state and with embedded state. */
@ExtendWith(DynamoDbLocal.Extension.class)
class OverlappingRunsIT {
    @TempDir
    Path dir;

    @Test
    void secondRunAgainstDynamoDbLosesTheLease(DynamoDbLocal db) throws Exception {
        String table = db.newTable();
        try (TestService service = new TestService()) {
            Files.writeString(dir.resolve("patrol.yml"), """
                    state: { table: %s }
                    aws: { region: us-east-1, endpoint: "%s" }
                    alerts: { file: alerts.jsonl }
                    health:
                      endpoints:
                        - { name: slow, url: "%s", timeout: 5s }
                    """.formatted(table, db.endpoint(), service.url("/hang")));
            Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local", "AWS_REGION", "us-east-1");
            PatrolProcess.Running first = PatrolProcess.start(dir, env, "run", "health");
            Thread.sleep(2500);
            PatrolProcess.Result second = PatrolProcess.run(dir, env, "run", "health", "--json");
            assertThat(second.exit()).isEqualTo(3);
            assertThat(second.out()).contains("\"status\":\"error\"").contains("another health run is still working");
            PatrolProcess.Result done = first.await();
            assertThat(done.exit()).isEqualTo(1);
            // The lease is released when the first run ends: the next run works.
            assertThat(PatrolProcess.run(dir, env, "run", "health", "--json").out()).doesNotContain("another health run");
        }
    }

    @Test
    void secondCommandOnTheSameEmbeddedStateSaysWhoHoldsIt() throws Exception {
        try (TestService service = new TestService()) {
            Files.writeString(dir.resolve("patrol.yml"), """
                    health:
                      endpoints:
                        - { name: slow, url: "%s", timeout: 6s }
                    """.formatted(service.url("/hang")));
            PatrolProcess.Running first = PatrolProcess.start(dir, Map.of(), "run", "health");
            Thread.sleep(2500);
            PatrolProcess.Result second = PatrolProcess.run(dir, Map.of(), "run", "health");
            assertThat(second.exit()).isEqualTo(3);
            assertThat(second.out() + second.err()).contains("another patrol command is using the local state").contains("run health");
            assertThat(first.await().exit()).isEqualTo(1);
        }
    }
}
