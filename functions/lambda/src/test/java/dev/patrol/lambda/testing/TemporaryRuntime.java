package dev.patrol.lambda.testing;

import dev.patrol.alert.Severity;
import dev.patrol.config.AlertsConfig;
import dev.patrol.config.AwsConfig;
import dev.patrol.config.HealthConfig;
import dev.patrol.config.PatrolConfig;
import dev.patrol.config.ReportsConfig;
import dev.patrol.config.SecretResolutionException;
import dev.patrol.config.SecretResolver;
import dev.patrol.config.SecretsConfig;
import dev.patrol.config.StateConfig;
import dev.patrol.lambda.PatrolRuntime;
import dev.patrol.state.StateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * TEMPORARY stand-in for Patrol's pipeline, in test sources only, until the
 * pipeline (ConfigLoader, dev.patrol.pipeline, the health job) lands on main.
 * Then the real PatrolRuntimeFactory replaces it and the tests run against that.
 *
 * <p>It reads a small subset of patrol.yml (target names, heartbeat tokens,
 * freshness paths) and "observes" without network: a heartbeat is ok when state
 * holds a ping for it, a freshness target when its local file is young enough,
 * everything else is ok unless a test names it in {@link #failing} or {@link #broken}.
 */
public final class TemporaryRuntime implements PatrolRuntime {
    /** Targets whose observation fails (a problem found) and whose run throws (Patrol's own fault). */
    public static final Set<String> failing = ConcurrentHashMap.newKeySet();
    public static final Set<String> broken = ConcurrentHashMap.newKeySet();
    /** How many times {@link #run} was called, per job: tests prove work was done once. */
    public static final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

    private final PatrolConfig config;
    private final Map<String, List<String>> targets;
    private final Map<String, String> freshness;
    private final StateStore state;
    private final Clock clock;

    TemporaryRuntime(String yaml, StateStore state, Clock clock) {
        JsonNode root = YAMLMapper.shared().readTree(yaml);
        this.state = state;
        this.clock = clock;
        this.targets = new LinkedHashMap<>();
        this.freshness = new LinkedHashMap<>();
        List<HealthConfig.Heartbeat> heartbeats = new ArrayList<>();
        List<String> health = new ArrayList<>();
        root.path("health").path("endpoints").forEach(e -> health.add(e.path("name").asString()));
        root.path("health").path("heartbeats").forEach(h -> {
            health.add(h.path("name").asString());
            heartbeats.add(new HealthConfig.Heartbeat(h.path("name").asString(), null, ZoneOffset.UTC,
                    Duration.ofMinutes(30), 1, Severity.P1, dev.patrol.config.SecretValue.of(h.path("token").asString(null))));
        });
        root.path("health").path("freshness").forEach(f -> {
            health.add(f.path("name").asString());
            freshness.put(f.path("name").asString(), f.path("object").asString());
        });
        targets.put("health", health);
        targets.put("backups", names(root.path("backups")));
        targets.put("secrets", names(root.path("secrets").path("repos")));
        targets.put("report", List.of("digest"));
        this.config = new PatrolConfig(root.path("name").asString("patrol"), null, new StateConfig("patrol-state", null),
                new AwsConfig("us-east-1", null), new AlertsConfig(Severity.P3, null, null, null),
                new HealthConfig(List.of(), heartbeats, List.of()), List.of(), SecretsConfig.empty(), new ReportsConfig(null));
    }

    private static List<String> names(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.forEach(n -> names.add(n.path("name").asString()));
        return names;
    }

    @Override public PatrolConfig config() { return config; }
    @Override public StateStore state() { return state; }

    @Override
    public SecretResolver secrets() {
        return value -> {
            String raw = value.raw();
            if (raw.startsWith("${") && raw.endsWith("}")) {
                String resolved = System.getProperty(raw.substring(2, raw.length() - 1));
                if (resolved == null) throw new SecretResolutionException("unset: " + raw);
                return resolved;
            }
            if (value.isReference()) throw new SecretResolutionException("not supported here: " + value);
            return raw;
        };
    }

    @Override
    public List<String> targets(String job) {
        List<String> names = targets.get(job);
        if (names == null) throw new IllegalArgumentException("unknown job " + job);
        return names;
    }

    @Override
    public JsonNode run(String job, List<String> wanted) {
        runs.computeIfAbsent(job, j -> new AtomicInteger()).incrementAndGet();
        List<String> all = targets(job);
        for (String name : wanted) {
            if (!all.contains(name)) throw new IllegalArgumentException("unknown target " + name + " of " + job);
        }
        Instant started = clock.instant();
        ObjectNode doc = JsonMapper.shared().createObjectNode()
                .put("job", job).put("runId", UUID.randomUUID().toString()).put("startedAt", started.toString());
        var results = JsonMapper.shared().createArrayNode();
        boolean problems = false;
        for (String name : wanted.isEmpty() ? all : wanted) {
            if (broken.contains(name)) throw new IllegalStateException("state store unreachable (test) at " + name);
            boolean ok = observe(name);
            problems |= !ok;
            results.addObject().put("target", name).put("kind", kind(job, name)).put("status", ok ? "ok" : "fail")
                    .put("severity", "P1").put("message", ok ? "ok" : name + " failed").putObject("details");
        }
        doc.put("finishedAt", clock.instant().toString()).put("status", problems ? "problems" : "ok");
        doc.set("results", results);
        doc.putArray("alerts");
        return doc;
    }

    private boolean observe(String name) {
        if (failing.contains(name)) return false;
        if (freshness.containsKey(name)) {
            try {
                Instant modified = Files.getLastModifiedTime(Path.of(freshness.get(name))).toInstant();
                return modified.isAfter(clock.instant().minus(Duration.ofHours(26)));
            } catch (IOException e) {
                return false;
            }
        }
        boolean heartbeat = config.health().heartbeats().stream().anyMatch(h -> h.name().equals(name));
        return !heartbeat || !state.query("heartbeat#" + name, "ping#").isEmpty();
    }

    private static String kind(String job, String name) {
        return switch (job) {
            case "health" -> "endpoint";
            case "backups" -> "backup";
            case "secrets" -> "repo";
            default -> "report";
        };
    }
}
