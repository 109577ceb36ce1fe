package dev.patrol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.state.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Mutes and maintenance windows through the real {@code patrol} process, with time
 * moved by {@code PATROL_TEST_NOW} (the test-only clock override): held while they
 * last, released once when they end, cancelled by a recovery nobody was told about.
 */
class MuteAndMaintenanceIT {
    static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    @TempDir
    Path dir;
    TestService service;

    @BeforeEach
    void start() throws Exception {
        service = new TestService();
    }

    @AfterEach
    void stop() {
        service.close();
    }

    private PatrolProcess.Result patrol(Instant at, String... args) throws Exception {
        return new ClockedPatrol(dir).patrol(at, args);
    }

    private JsonNode run(Instant at) throws Exception {
        return new ClockedPatrol(dir).run(at);
    }

    private static List<String> alerts(JsonNode run) {
        return ClockedPatrol.alerts(run);
    }

    private List<String> alertLines() throws Exception {
        return new ClockedPatrol(dir).alertLines("alerts.jsonl");
    }

    @Test
    void aMuteHoldsTheDownAndReleasesItOnceWhenItEndsByUnmuteOrByExpiry() throws Exception {
        Files.writeString(dir.resolve("patrol.yml"), """
                name: e2e
                alerts:
                  file: alerts.jsonl
                health:
                  endpoints:
                    - { name: backend, url: "%s", timeout: 2s }
                    - { name: frontend, url: "http://127.0.0.1:9/", timeout: 2s }
                """.formatted(service.url("/health")));
        service.healthStatus.set("unhealthy");

        PatrolProcess.Result muted = patrol(T0, "mute", "backend", "frontend", "--for", "2h", "--reason", "deploy 4.2");
        assertThat(muted.exit()).isZero();
        assertThat(muted.out()).contains("muted backend until 2026-12-07T12:00:00Z (2h): deploy 4.2");

        JsonNode during = run(T0.plus(Duration.ofMinutes(1)));
        assertThat(during.path("status").asString()).isEqualTo("problems");
        during.path("results").forEach(r -> assertThat(r.path("muted").asBoolean()).isTrue());
        assertThat(alerts(during)).isEmpty();
        assertThat(patrol(T0.plus(Duration.ofSeconds(90)), "run", "health").out())
                .containsPattern("✗ backend .*  \\[muted: alerts held]");

        JsonNode list = Json.MAPPER.readTree(patrol(T0.plus(Duration.ofMinutes(2)), "mutes", "--json").out());
        assertThat(list.path("mutes").findValuesAsString("target")).containsExactly("backend", "frontend");
        assertThat(list.path("mutes").get(0).path("reason").asString()).isEqualTo("deploy 4.2");

        assertThat(patrol(T0.plus(Duration.ofMinutes(5)), "unmute", "frontend").out()).contains("unmuted frontend");
        // backend recovers while muted: its held DOWN is dropped and no RECOVERED follows (nobody was told it was down).
        service.healthStatus.set("healthy");
        JsonNode afterUnmute = run(T0.plus(Duration.ofMinutes(6)));
        assertThat(alerts(afterUnmute)).containsExactly("frontend down");
        assertThat(afterUnmute.path("results").get(1).has("muted")).isFalse();

        service.healthStatus.set("unhealthy");
        assertThat(alerts(run(T0.plus(Duration.ofMinutes(7))))).isEmpty(); // down again, still muted
        assertThat(alerts(run(T0.plus(Duration.ofHours(3))))).containsExactly("backend down"); // the mute expired
        assertThat(alerts(run(T0.plus(Duration.ofHours(3).plusMinutes(1))))).isEmpty();

        assertThat(alertLines()).containsExactly("frontend down", "backend down");
        assertThat(patrol(T0.plus(Duration.ofHours(3)), "mutes").out()).contains("no mutes in force");
    }

    @Test
    void aMaintenanceWindowHoldsTheDownUntilItClosesAndShowsInTheResults() throws Exception {
        // Sunday 2026-12-06, 02:00-04:00 in Berlin is 01:00-03:00 UTC.
        Files.writeString(dir.resolve("patrol.yml"), """
                name: e2e
                alerts:
                  file: alerts.jsonl
                maintenance:
                  - { schedule: "0 2 * * SUN", duration: 2h, timezone: Europe/Berlin, targets: [backend] }
                health:
                  endpoints:
                    - { name: backend, url: "%s", timeout: 2s }
                    - { name: other, url: "http://127.0.0.1:9/", timeout: 2s }
                """.formatted(service.url("/health")));
        service.healthStatus.set("unhealthy");

        JsonNode inside = run(Instant.parse("2026-12-06T01:30:00Z"));
        assertThat(inside.path("results").get(0).path("maintenance").asBoolean()).isTrue();
        assertThat(inside.path("results").get(1).has("maintenance")).isFalse();
        assertThat(alerts(inside)).containsExactly("other down"); // a window covers only what it names
        String text = patrol(Instant.parse("2026-12-06T01:31:00Z"), "run", "health").out();
        assertThat(text).containsPattern("✗ backend .*\\[maintenance window: alerts held]");
        assertThat(text).doesNotContainPattern("✗ other .*alerts held");

        JsonNode closed = run(Instant.parse("2026-12-06T03:05:00Z"));
        assertThat(alerts(closed)).containsExactly("backend down");
        assertThat(closed.path("results").get(0).has("maintenance")).isFalse();

        assertThat(alertLines()).containsExactly("other down", "backend down");
    }

    @Test
    void aTargetMutedWhileFlappingThatSettlesDownSaysSoWhenTheMuteEnds() throws Exception {
        flapTillMinuteThree(false);
        assertThat(alertLines()).containsExactly("backend down", "backend up", "backend flapping");
        // Flapping, so someone mutes it; it settles DOWN (its DOWNs were quiet while it flapped) before the mute ends.
        assertThat(patrol(T0.plus(Duration.ofMinutes(4)), "mute", "backend", "--for", "2h", "--reason", "flapping, looking").exit()).isZero();
        assertThat(alerts(run(T0.plus(Duration.ofMinutes(70))))).isEmpty(); // STABLE now: held with the mute
        assertThat(alerts(run(T0.plus(Duration.ofMinutes(100))))).isEmpty();

        JsonNode ended = run(T0.plus(Duration.ofMinutes(125)));
        assertThat(alerts(ended)).containsExactly("backend stable");
        assertThat(new ClockedPatrol(dir).fileAlerts("alerts.jsonl").getLast().path("text").asString())
                .contains("backend is STABLE").contains("settled DOWN");
        assertThat(alerts(run(T0.plus(Duration.ofMinutes(130))))).isEmpty();
        assertThat(alertLines()).hasSize(4);
    }

    @Test
    void aTargetThatSettlesDownAndRecoversWhileMutedSaysNothingOfEither() throws Exception {
        flapTillMinuteThree(true);
        assertThat(alerts(run(T0.plus(Duration.ofMinutes(70))))).isEmpty(); // settled DOWN: held
        service.healthStatus.set("healthy");
        assertThat(alerts(run(T0.plus(Duration.ofMinutes(80))))).isEmpty(); // the recovery undoes it
        assertThat(alerts(run(T0.plus(Duration.ofHours(4))))).isEmpty();
        assertThat(alertLines()).isEmpty();
    }

    /** backend flaps (changes: 2 in 1 h): DOWN at minute 1, RECOVERED at 2, DOWN and FLAPPING at 3; muted from T0 if asked. */
    private void flapTillMinuteThree(boolean muted) throws Exception {
        Files.writeString(dir.resolve("patrol.yml"), """
                name: e2e
                alerts:
                  file: alerts.jsonl
                  flapping: { changes: 2, window: 1h }
                health:
                  endpoints:
                    - { name: backend, url: "%s", timeout: 2s }
                """.formatted(service.url("/health")));
        assertThat(alerts(run(T0))).isEmpty();
        if (muted) assertThat(patrol(T0, "mute", "backend", "--for", "3h", "--reason", "migration").exit()).isZero();
        new ClockedPatrol(dir).alternate(service, T0, Duration.ofMinutes(1), 3);
    }

    @Test
    void mutesListsEachMuteWithWhatIsLeftAndSaysWhichNameNothingInThisConfig() throws Exception {
        Files.writeString(dir.resolve("patrol.yml"), """
                health:
                  endpoints:
                    - { name: backend, url: "http://127.0.0.1:9/" }
                    - { name: frontend, url: "http://127.0.0.1:9/" }
                """);
        assertThat(patrol(T0, "mute", "backend", "frontend", "--for", "2h", "--reason", "deploy 4.2").exit()).isZero();
        Files.writeString(dir.resolve("patrol.yml"), "health:\n  endpoints:\n    - { name: backend, url: \"http://127.0.0.1:9/\" }\n");

        String listed = patrol(T0.plus(Duration.ofMinutes(17).plusSeconds(30)), "mutes").out();
        assertThat(listed.lines().toList()).startsWith(
                "TARGET                         UNTIL                 LEFT        SET                   REASON",
                "backend                        2026-12-07T12:00:00Z  1 h 42 min  2026-12-07T10:00:00Z  deploy 4.2",
                "frontend (not in this config)  2026-12-07T12:00:00Z  1 h 42 min  2026-12-07T10:00:00Z  deploy 4.2");
        assertThat(listed).contains("2 mutes in force: the DOWN and NEW alerts of these targets are held").contains("patrol unmute TARGET");
    }

    @Test
    void muteMistakesAreUsageErrors() throws Exception {
        Files.writeString(dir.resolve("patrol.yml"), "health:\n  endpoints:\n    - { name: backend, url: \"http://127.0.0.1:9/\" }\n");
        PatrolProcess.Result unknown = patrol(T0, "mute", "backnd", "--for", "2h", "--reason", "x");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("no target backnd in the config; known: backend");
        PatrolProcess.Result badFor = patrol(T0, "mute", "backend", "--for", "2 hours", "--reason", "x");
        assertThat(badFor.exit()).isEqualTo(2);
        assertThat(badFor.err()).contains("--for \"2 hours\" is not a duration");

        assertThat(patrol(T0, "mute", "backend", "--for", "2h", "--reason", "deploy").exit()).isZero();
        PatrolProcess.Result shorter = patrol(T0.plus(Duration.ofMinutes(1)), "mute", "backend", "--for", "30m", "--reason", "other");
        assertThat(shorter.exit()).isEqualTo(2);
        assertThat(shorter.err()).contains("backend is muted until 2026-12-07T12:00:00Z (deploy), longer than --for 30m; run patrol unmute first");
        PatrolProcess.Result longer = patrol(T0.plus(Duration.ofMinutes(1)), "mute", "backend", "--for", "3h", "--reason", "longer deploy");
        assertThat(longer.out()).contains("replaces the mute until 2026-12-07T12:00:00Z");
    }
}
