package dev.patrol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.aws.DynamoDbLocal;
import dev.patrol.aws.DynamoDbStateStore;
import dev.patrol.state.Json;
import dev.patrol.state.Keys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real {@code patrol} processes killed part way (kill -9, SIGTERM): the next run starts
 * at once, and every alert reaches every channel exactly once over the runs that follow.
 * {@code PATROL_CRASH_POINT} holds a process at a named point (see {@code CrashPoint}) so
 * the kill lands exactly mid-observation, mid-state write or mid-delivery (after the
 * file took an alert but before the outbox marked it; after a Slack entry was claimed
 * but before it was sent: that claim must die with its run, not hold for minutes).
 */
@ExtendWith(DynamoDbLocal.Extension.class)
class KilledRunsIT {
    /** 30 targets, four writes each (state, transition, two outbox entries): two state batches of at most 100 writes. */
    private static final List<String> TARGETS = IntStream.range(0, 30).mapToObj(i -> "svc-%02d".formatted(i)).toList();

    @TempDir
    Path dir;

    @Test
    void killedAtEachPointTheNextRunStartsAtOnceAndEveryAlertIsDeliveredExactlyOnce() throws Exception {
        try (TestService service = new TestService()) {
            service.healthStatus.set("unhealthy");
            // One Slack post per DOWN (no grouping), so each alert's own exactly-once can be counted.
            writeConfig("alerts: { file: alerts.jsonl, groupAbove: 100, slack: { webhookUrl: \"${E2E_SLACK}\" } }", service);
            Path tmp = Files.createDirectories(dir.resolve("tmp"));
            Path debris = Files.writeString(tmp.resolve("sqlite-1.392-0b3c-libsqlite4java.so"), "left by a run killed long ago");
            Files.setLastModifiedTime(debris, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
            Path jdbcDebris = Files.writeString(tmp.resolve("sqlite-3.53.4.0-0b3c-libsqlitejdbc.so"), "left by a killed backups run");
            Files.setLastModifiedTime(jdbcDebris, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
            Map<String, String> env = new HashMap<>(Map.of("XDG_CACHE_HOME", dir.resolve("cache").toString(),
                    "JDK_JAVA_OPTIONS", "-Djava.io.tmpdir=" + tmp, "E2E_SLACK", service.url("/slack/hook")));

            for (String point : List.of("observe", "state-write", "deliver:file", "claimed:slack")) {
                killAt(point, env);
                assertThat(Files.list(tmp).map(p -> p.getFileName().toString()))
                        .as("no native library copy per killed process, old ones removed").noneMatch(n -> n.startsWith("sqlite-"));
            }
            PatrolProcess.Result next = PatrolProcess.run(dir, env, "run", "health", "--json");
            PatrolProcess.Result after = PatrolProcess.run(dir, env, "run", "health", "--json");

            assertThat(next.exit()).as(next.err()).isEqualTo(1);
            assertThat(after.exit()).isEqualTo(1);
            assertThat(Json.MAPPER.readTree(after.out()).path("alerts")).as("nothing left to send").isEmpty();
            Map<String, Long> inFile = Files.readAllLines(dir.resolve("alerts.jsonl")).stream()
                    .map(l -> Json.MAPPER.readTree(l))
                    .peek(a -> assertThat(a.path("transition").asString()).isEqualTo("down"))
                    .collect(Collectors.groupingBy(a -> a.path("target").asString(), Collectors.counting()));
            assertThat(inFile).as("each DOWN once in the alerts file").isEqualTo(once());
            Map<String, Long> inSlack = service.slackPosts.stream()
                    .map(body -> TARGETS.stream().filter(body::contains).findFirst().orElse(body))
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            assertThat(inSlack).as("each DOWN once in Slack").isEqualTo(once());
            assertThat(Files.exists(dir.resolve("cache/patrol"))).as("the native library is cached in Patrol's folder").isTrue();
        }
    }

    @Test
    void aGroupedSlackPostKilledBeforeOrAfterSendingIsSentByTheNextRunAndNoAlertIsLost() throws Exception {
        try (TestService service = new TestService()) {
            service.healthStatus.set("unhealthy");
            writeConfig("alerts: { file: alerts.jsonl, slack: { webhookUrl: \"${E2E_SLACK}\" } }", service); // 30 DOWN > groupAbove 5
            Map<String, String> env = Map.of("E2E_SLACK", service.url("/slack/hook"));
            killAt("claimed:slack", env); // claimed, nothing sent
            assertThat(service.slackPosts).isEmpty();
            killAt("deliver:slack", env); // sent, not yet marked: the worst moment for a webhook
            assertThat(service.slackPosts).hasSize(1);
            PatrolProcess.Result next = PatrolProcess.run(dir, env, "run", "health", "--json");
            assertThat(next.exit()).as(next.err()).isEqualTo(1);
            assertThat(Json.MAPPER.readTree(PatrolProcess.run(dir, env, "run", "health", "--json").out()).path("alerts"))
                    .as("nothing left to send").isEmpty();

            // Slack is at least once: the post the kill interrupted may come again, whole; every target is in each post.
            assertThat(service.slackPosts).hasSizeBetween(1, 2)
                    .allSatisfy(post -> assertThat(post).contains("30 endpoints DOWN").contains("svc-00").contains("svc-29"));
            Map<String, Long> inFile = Files.readAllLines(dir.resolve("alerts.jsonl")).stream().map(l -> Json.MAPPER.readTree(l))
                    .collect(Collectors.groupingBy(a -> a.path("target").asString(), Collectors.counting()));
            assertThat(inFile).as("the file does not group: each DOWN once").isEqualTo(once());
        }
    }

    @Test
    void aRunStoppedWithSigtermReleasesItsDynamoDbLeaseAndOneKilledOnThisMachineIsTakenOver(DynamoDbLocal db) throws Exception {
        String table = db.newTable();
        try (TestService service = new TestService()) {
            service.healthStatus.set("unhealthy");
            writeConfig("""
                    state: { table: %s }
                    aws: { region: us-east-1, endpoint: "%s" }
                    alerts: { file: alerts.jsonl }""".formatted(table, db.endpoint()), service);
            Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local", "AWS_REGION", "us-east-1");
            DynamoDbStateStore state = new DynamoDbStateStore(db.clients().dynamoDb(), table);

            PatrolProcess.Running stopped = holdAt("observe", env);
            assertThat(state.get(Keys.LEASES, "health")).as("the run holds the lease").isPresent();
            stopped.process().destroy(); // SIGTERM, as systemd, cron's timeout(1) or Ctrl-C's cousin send it
            stopped.process().waitFor();
            assertThat(state.get(Keys.LEASES, "health")).as("released on the way out").isEmpty();

            PatrolProcess.Running killed = holdAt("observe", env);
            killed.process().destroyForcibly(); // kill -9: no code runs, the lease stays
            killed.process().waitFor();
            assertThat(state.get(Keys.LEASES, "health")).isPresent();

            PatrolProcess.Result next = PatrolProcess.run(dir, env, "run", "health", "--json");
            assertThat(next.out()).doesNotContain("another health run");
            assertThat(next.exit()).as(next.err()).isEqualTo(1);
        }
    }

    @Test
    void aRunThatRunsOutOfMemoryEndsWithExit3AndTheNextRunStartsAtOnce() throws Exception {
        try (TestService service = new TestService()) {
            service.healthStatus.set("unhealthy");
            writeConfig("alerts: { file: alerts.jsonl }", service);
            // Before state opens, while DynamoDB Local starts, inside it. Where the heap runs out moves with the machine
            // and with what runs in parallel at start-up: a heap may also be just enough, and then the run is whole.
            int starvedRuns = 0;
            for (String heap : List.of("-Xmx8m", "-Xmx12m", "-Xmx16m")) {
                PatrolProcess.Result r = PatrolProcess.run(dir, Map.of("JDK_JAVA_OPTIONS", heap), "run", "health");
                assertThat(r.err()).as(heap).doesNotContain("\tat ").doesNotContain("Exception in thread");
                if (r.exit() == 1) {
                    assertThat(r.out()).as(heap + ": a run with enough heap is a whole run").contains("health  " + TARGETS.size() + " targets");
                    continue;
                }
                starvedRuns++;
                assertThat(r.exit()).as(heap + ": " + r.err()).isEqualTo(3);
                assertThat(r.err()).as(heap).contains("patrol: ran out of memory").contains("PATROL_JAVA_OPTS=-Xmx");
            }
            assertThat(starvedRuns).as("at least the smallest heap runs out").isPositive();
            PatrolProcess.Result next = PatrolProcess.run(dir, Map.of(), "run", "health", "--json");
            assertThat(next.exit()).as(next.err()).isEqualTo(1);
            assertThat(Files.readAllLines(dir.resolve("alerts.jsonl"))).as("each DOWN once").hasSize(TARGETS.size());
        }
    }

    @Test
    void aSecretsRunKilledWhileItObservesLeavesTheJobFreeAndItsFindingAlertsOnce() throws Exception {
        String awsKey = SecretsRunIT.oneLeakedKey(dir, new dev.patrol.secrets.FakeCredentials(5));
        Map<String, String> env = Map.of();
        PatrolProcess.Running sweep = holdAt("observe", env, "secrets");
        sweep.process().destroyForcibly();
        sweep.process().waitFor();

        PatrolProcess.Result next = PatrolProcess.run(dir, env, "run", "secrets", "--json");
        PatrolProcess.Result again = PatrolProcess.run(dir, env, "run", "secrets", "--json");

        assertThat(next.out()).doesNotContain("another secrets run");
        assertThat(next.exit()).as(next.err()).isEqualTo(1);
        assertThat(again.exit()).isEqualTo(1);
        assertThat(Files.readAllLines(dir.resolve("alerts.jsonl"))).singleElement().asString().contains("\"transition\":\"new\"")
                .doesNotContain(awsKey);
    }

    private void writeConfig(String stateAndAlerts, TestService service) throws Exception {
        StringBuilder yml = new StringBuilder(stateAndAlerts).append("\nhealth:\n  endpoints:\n");
        for (String t : TARGETS) {
            yml.append("    - { name: %s, url: \"%s\", timeout: 5s, failAfter: 1 }\n".formatted(t, service.url("/health")));
        }
        Files.writeString(dir.resolve("patrol.yml"), yml);
    }

    private void killAt(String point, Map<String, String> env) throws Exception {
        PatrolProcess.Running running = holdAt(point, env);
        running.process().destroyForcibly();
        running.process().waitFor();
    }

    /** Starts {@code patrol run health} and waits until it stands at {@code point}; a run refused by a lease never gets there. */
    private PatrolProcess.Running holdAt(String point, Map<String, String> env) throws Exception {
        return holdAt(point, env, "health");
    }

    private PatrolProcess.Running holdAt(String point, Map<String, String> env, String job) throws Exception {
        Map<String, String> withPoint = new HashMap<>(env);
        withPoint.put("PATROL_CRASH_POINT", point);
        PatrolProcess.Running running = PatrolProcess.start(dir, withPoint, "run", job);
        long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!Files.readString(running.err()).contains("crash point " + point + " reached")) {
            if (!running.process().isAlive()) {
                throw new AssertionError("patrol ended before " + point + ": " + Files.readString(running.out()) + Files.readString(running.err()));
            }
            if (System.nanoTime() > until) throw new AssertionError("patrol never reached " + point);
            Thread.sleep(50);
        }
        return running;
    }

    private static Map<String, Long> once() {
        return TARGETS.stream().collect(Collectors.toMap(Function.identity(), t -> 1L));
    }
}
