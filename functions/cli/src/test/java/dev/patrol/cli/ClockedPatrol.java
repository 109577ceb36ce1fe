package dev.patrol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.state.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The real {@code patrol} process in one folder, each call at a moment the test picks (PATROL_TEST_NOW, the test-only clock). */
record ClockedPatrol(Path dir, Map<String, String> env) {
    ClockedPatrol(Path dir) {
        this(dir, Map.of());
    }

    PatrolProcess.Result patrol(Instant at, String... args) throws Exception {
        Map<String, String> all = new HashMap<>(env);
        all.put("PATROL_TEST_NOW", at.toString());
        PatrolProcess.Result r = PatrolProcess.run(dir, all, args);
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        return r;
    }

    JsonNode run(Instant at) throws Exception {
        return Json.MAPPER.readTree(patrol(at, "run", "health", "--json").out());
    }

    /**
     * {@code changes} health runs {@code apart} from {@code start} on, the service unhealthy at the first, healthy at the
     * second and so on; the alerts they sent, as "target transition".
     */
    List<String> alternate(TestService service, Instant start, java.time.Duration apart, int changes) throws Exception {
        List<String> seen = new ArrayList<>();
        for (int i = 1; i <= changes; i++) {
            service.healthStatus.set(i % 2 == 1 ? "unhealthy" : "healthy");
            seen.addAll(alerts(run(start.plus(apart.multipliedBy(i)))));
        }
        return seen;
    }

    /** "target transition" of each alert of a run, each delivered on every channel. */
    static List<String> alerts(JsonNode run) {
        List<String> out = new ArrayList<>();
        run.path("alerts").forEach(a -> {
            assertThat(a.path("delivered").asBoolean()).as("delivered: %s", a).isTrue();
            out.add(a.path("target").asString() + " " + a.path("transition").asString());
        });
        return out;
    }

    /** The file channel's lines, as "target transition". */
    List<String> alertLines(String file) throws Exception {
        return fileAlerts(file).stream().map(n -> n.path("target").asString() + " " + n.path("transition").asString()).toList();
    }

    List<JsonNode> fileAlerts(String file) throws Exception {
        Path p = dir.resolve(file);
        if (!Files.exists(p)) return List.of();
        return Files.readAllLines(p).stream().map(l -> (JsonNode) Json.MAPPER.readTree(l)).toList();
    }
}
