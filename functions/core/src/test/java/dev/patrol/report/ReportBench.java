package dev.patrol.report;

import dev.patrol.alert.Severity;
import dev.patrol.config.AlertsConfig;
import dev.patrol.config.AwsConfig;
import dev.patrol.config.HealthConfig;
import dev.patrol.config.PatrolConfig;
import dev.patrol.config.ReportsConfig;
import dev.patrol.config.SecretValue;
import dev.patrol.config.SecretsConfig;
import dev.patrol.config.StateConfig;
import dev.patrol.pipeline.Pipeline;
import dev.patrol.pipeline.RunContext;
import dev.patrol.pipeline.RunOptions;
import dev.patrol.pipeline.RunRecord;
import dev.patrol.state.Expect;
import dev.patrol.state.InMemoryStateStore;
import dev.patrol.state.Json;
import dev.patrol.state.Keys;
import dev.patrol.state.StateItem;
import dev.patrol.state.TargetState;
import dev.patrol.storage.LocalFileStore;
import dev.patrol.storage.ObjectStores;
import dev.patrol.time.MutableClock;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The benchmark harness of scripts/bench-report (not a test): the report job over a repository
 * and 90 days of state for {@code targets} health targets (daily tallies, incidents, run records),
 * in state held in memory. Prints one line per run: wall ms and process CPU ms of the report run alone,
 * then the peak heap of the whole process.
 *
 * <p>{@code java ReportBench REPO TARGETS RUNS OUTPUT}
 */
public final class ReportBench {
    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args[0]);
        int targets = Integer.parseInt(args[1]);
        int runs = Integer.parseInt(args[2]);
        Path out = Path.of(args[3]);
        Instant now = Instant.parse(args.length > 4 ? args[4] : "2026-12-01T00:00:00Z");
        MutableClock clock = new MutableClock(now);
        InMemoryStateStore store = new InMemoryStateStore(clock);
        long t0 = System.nanoTime();
        List<HealthConfig.Endpoint> endpoints = state(store, targets, now);
        System.out.printf("state: %d targets × 90 days written in %d ms%n", targets, (System.nanoTime() - t0) / 1_000_000);
        PatrolConfig config = new PatrolConfig("bench", null, new StateConfig(null, out.resolve(".patrol")), new AwsConfig(null, null),
                new AlertsConfig(Severity.P3, null, null, null), new HealthConfig(endpoints, List.of(), List.of()), List.of(),
                new SecretsConfig("default", List.of(new SecretsConfig.Repo("bench", repo.toString(), null, Severity.P1)), Severity.P1),
                new ReportsConfig(out.toString(), Duration.ofDays(90), ReportsConfig.DORA_2023,
                        List.of(new ReportsConfig.Repo("bench", "tag:v*", List.of(endpoints.get(0).name(), endpoints.get(1).name()), Duration.ofHours(24)))));
        RunContext context = new RunContext(config, store, new ObjectStores(List.of(new LocalFileStore())), SecretValue::raw, clock, null);
        // CPU time of the whole process (every thread: the report's, the JIT compilers', GC): on a machine
        // others share, wall time says how busy it was, CPU time what the report cost.
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int i = 0; i < runs; i++) {
            long s = System.nanoTime();
            long cpu = os.getProcessCpuTime();
            RunRecord run = new Pipeline(context, Map.of()).run(new ReportJob(), new RunOptions(List.of(), false));
            long ms = (System.nanoTime() - s) / 1_000_000;
            long cpuMs = (os.getProcessCpuTime() - cpu) / 1_000_000;
            RunRecord.Result repoResult = run.results().getFirst();
            System.out.printf("run %d: %d ms, cpu %d ms  (%s: %s)%n", i + 1, ms, cpuMs, repoResult.target(), repoResult.message());
        }
        long html = Files.size(out.resolve("latest/report.html"));
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) if (p.getType() == MemoryType.HEAP) peak += p.getPeakUsage().getUsed();
        System.out.printf("report.html %d KB; peak heap %d MB%n", html / 1024, peak >> 20);
    }

    /** 90 days of the health job's memory for {@code n} endpoints: tallies (288 checks a day), a few incidents, run records. */
    static List<HealthConfig.Endpoint> state(InMemoryStateStore store, int n, Instant now) {
        Random random = new Random(42);
        LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
        List<HealthConfig.Endpoint> endpoints = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            String name = String.format("svc-%04d", t);
            endpoints.add(new HealthConfig.Endpoint(name, SecretValue.of("http://127.0.0.1:9/" + name), "GET", Map.of(), Duration.ofSeconds(5),
                    List.of(), 1, Severity.P2));
            for (int d = 90; d >= 1; d--) {
                int failures = random.nextInt(50) == 0 ? 1 + random.nextInt(20) : 0;
                store.put(StateItem.of(Keys.history("health", name), today.minusDays(d).toString(),
                        Json.write(Map.of("checks", 288, "failures", failures))), Expect.ANYTHING);
                if (failures > 0) {
                    Instant down = today.minusDays(d).atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofMinutes(random.nextInt(1200)));
                    transition(store, down, name, "down");
                    transition(store, down.plus(Duration.ofMinutes(5L * failures)), name, "up");
                }
            }
            store.put(StateItem.of(Keys.targets("health"), name, Json.write(new TargetState(TargetState.UP, 0, now.minus(Duration.ofDays(1)),
                    now, "ok", now.minus(Duration.ofDays(400)), today, 100, 0))), Expect.ANYTHING);
        }
        for (int d = 0; d < 90 * 24; d++) {
            Instant at = now.minus(Duration.ofHours(d));
            store.put(StateItem.of(Keys.runs("health"), Keys.time(at) + "#r" + d, Json.write(Map.of("job", "health", "startedAt", at.toString(),
                    "status", "ok", "problems", List.of()))), Expect.ANYTHING);
        }
        return endpoints;
    }

    private static void transition(InMemoryStateStore store, Instant at, String target, String which) {
        store.put(StateItem.of(Keys.transitions("health"), Keys.time(at) + "#" + target, Json.write(Map.of("target", target, "kind", "endpoint",
                "transition", which, "severity", "P2", "message", "bench"))), Expect.ANYTHING);
    }
}
