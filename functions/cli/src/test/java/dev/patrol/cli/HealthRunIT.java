package dev.patrol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.state.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The health job through the real {@code patrol} command with embedded state, as a user runs it. */
class HealthRunIT {
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

    private void config(String body) throws Exception {
        Files.writeString(dir.resolve("patrol.yml"), "name: e2e\nalerts:\n  file: alerts.jsonl\n" + body);
    }

    private JsonNode runJson(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "health", "--json"));
        args.addAll(List.of(extra));
        PatrolProcess.Result r = PatrolProcess.run(dir, Map.of(), args.toArray(String[]::new));
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        return Json.MAPPER.readTree(r.out());
    }

    @Test
    void flappingEndpointWithFailAfterTwoAlertsOnceDownAndOnceUp() throws Exception {
        config("""
                health:
                  endpoints:
                    - name: backend
                      url: %s
                      timeout: 2s
                      expect: ["status == 200", "body.status == healthy"]
                      failAfter: 2
                      severity: P1
                """.formatted(service.url("/health")));
        List<String> sequence = List.of("healthy", "unhealthy", "healthy", "unhealthy", "unhealthy", "unhealthy", "healthy", "healthy");
        List<String> transitions = new ArrayList<>();
        for (String s : sequence) {
            service.healthStatus.set(s);
            JsonNode run = runJson();
            assertThat(run.path("job").asString()).isEqualTo("health");
            assertThat(run.path("results").get(0).path("status").asString()).isEqualTo(s.equals("healthy") ? "ok" : "fail");
            run.path("alerts").forEach(a -> {
                assertThat(a.path("delivered").asBoolean()).isTrue();
                transitions.add(a.path("transition").asString());
            });
        }
        // One failure between successes is a blip, not an outage; three in a row is DOWN once, then UP once.
        assertThat(transitions).containsExactly("down", "up");
        List<String> lines = Files.readAllLines(dir.resolve("alerts.jsonl"));
        assertThat(lines).hasSize(2);
        assertThat(Json.MAPPER.readTree(lines.get(0)).path("target").asString()).isEqualTo("backend");
    }

    @Test
    void failedConditionNamesTheObservedValueAndExitsOne() throws Exception {
        service.healthStatus.set("degraded");
        config("""
                health:
                  endpoints:
                    - name: backend
                      url: %s
                      expect: ["status < 600", "body.checks.database.status == healthy"]
                """.formatted(service.url("/health")));
        PatrolProcess.Result r = PatrolProcess.run(dir, Map.of(), "run", "health");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("backend").contains("body.checks.database.status == healthy failed")
                .contains("body.checks.database.status was \"degraded\"").contains("DOWN");
    }

    @Test
    void hungEndpointFailsWithinItsTimeoutAndOthersStillRun() throws Exception {
        config("""
                health:
                  endpoints:
                    - name: hung
                      url: %s
                      timeout: 2s
                    - name: fine
                      url: %s
                """.formatted(service.url("/hang"), service.url("/health")));
        JsonNode run = runJson("--no-alerts");
        JsonNode hung = run.path("results").get(0);
        assertThat(hung.path("status").asString()).isEqualTo("fail");
        assertThat(hung.path("message").asString()).contains("within 2s");
        assertThat(hung.path("details").path("responseTimeMs").asLong()).isBetween(2000L, 3000L);
        assertThat(run.path("results").get(1).path("status").asString()).isEqualTo("ok");
        // --no-alerts sends nothing now and loses nothing: the DOWN waits in the outbox for the next run.
        assertThat(run.path("alerts")).singleElement().satisfies(a -> {
            assertThat(a.path("target").asString()).isEqualTo("hung");
            assertThat(a.path("delivered").asBoolean()).isFalse();
        });
        assertThat(dir.resolve("alerts.jsonl")).doesNotExist();
    }

    @Test
    void slackThatFailsForOneRunGetsTheAlertOnTheNextRunExactlyOnce() throws Exception {
        config("""
                  slack: { webhookUrl: "${E2E_SLACK}" }
                health:
                  endpoints:
                    - name: backend
                      url: %s
                """.formatted(service.url("/health")));
        Map<String, String> env = Map.of("E2E_SLACK", service.url("/slack/hook"));
        service.healthStatus.set("unhealthy");
        service.slackStatus.set(500);
        PatrolProcess.Result first = PatrolProcess.run(dir, env, "run", "health", "--json");
        JsonNode alert = Json.MAPPER.readTree(first.out()).path("alerts").get(0);
        assertThat(alert.path("transition").asString()).isEqualTo("down");
        assertThat(alert.path("delivered").asBoolean()).isFalse();
        assertThat(first.err()).doesNotContain("/slack/hook");
        assertThat(service.slackPosts).isEmpty();

        service.slackStatus.set(200);
        JsonNode second = Json.MAPPER.readTree(PatrolProcess.run(dir, env, "run", "health", "--json").out());
        assertThat(second.path("alerts")).hasSize(1);
        assertThat(second.path("alerts").get(0).path("delivered").asBoolean()).isTrue();
        assertThat(service.slackPosts).hasSize(1);
        assertThat(service.slackPosts.getFirst()).contains("DOWN").contains("backend");

        JsonNode third = Json.MAPPER.readTree(PatrolProcess.run(dir, env, "run", "health", "--json").out());
        assertThat(third.path("alerts")).isEmpty();
        assertThat(service.slackPosts).hasSize(1);
        // The file channel got it on the first run and never again.
        assertThat(Files.readAllLines(dir.resolve("alerts.jsonl"))).hasSize(1);
    }

    @Test
    void heartbeatPingedAfterItsScheduledRunIsUpAndAFailPingIsDown() throws Exception {
        config("""
                health:
                  heartbeats:
                    - name: nightly
                      schedule: "* * * * *"
                      grace: 5m
                """);
        assertThat(PatrolProcess.run(dir, Map.of(), "ping", "nightly").exit()).isZero();
        JsonNode ok = runJson();
        assertThat(ok.path("results").get(0).path("status").asString()).isEqualTo("ok");
        assertThat(PatrolProcess.run(dir, Map.of(), "ping", "nightly", "--fail").exit()).isZero();
        JsonNode failed = runJson();
        assertThat(failed.path("results").get(0).path("message").asString()).contains("reported failure");
        assertThat(failed.path("alerts").get(0).path("transition").asString()).isEqualTo("down");
        PatrolProcess.Result unknown = PatrolProcess.run(dir, Map.of(), "ping", "nightlyy");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("no heartbeat named \"nightlyy\"").contains("nightly");
    }

    @Test
    void exitCodesMessagesAndMaxDurationThroughThePatrolCommand() throws Exception {
        // Pings and runs on the moved clock (PATROL_TEST_NOW): a ping is recorded at the time the run then reads it at.
        config("""
                health:
                  heartbeats:
                    - name: export
                      schedule: every 1h
                      maxDuration: 20m
                """);
        ClockedPatrol p = new ClockedPatrol(dir);
        java.time.Instant t0 = java.time.Instant.parse("2026-12-07T10:00:00Z");
        PatrolProcess.Result failed = p.patrol(t0, "ping", "export", "--exit-code", "3", "--message", "pg_dump: connection refused");
        assertThat(failed.exit()).isZero();
        assertThat(failed.out()).contains("pinged export (fail) exit code 3 at 2026-12-07T10:00:");
        JsonNode down = p.run(t0.plusSeconds(60));
        assertThat(down.path("results").get(0).path("message").asString())
                .contains("last run reported failure at 2026-12-07 10:00 UTC (exit code 3): \"pg_dump: connection refused\"");
        assertThat(down.path("results").get(0).path("details").path("message").asString()).isEqualTo("pg_dump: connection refused");
        assertThat(Files.readString(dir.resolve("alerts.jsonl"))).contains("pg_dump: connection refused");

        assertThat(p.patrol(t0.plus(java.time.Duration.ofMinutes(10)), "ping", "export", "--start").exit()).isZero();
        assertThat(p.patrol(t0.plus(java.time.Duration.ofMinutes(35)), "ping", "export", "--exit-code", "0").exit()).isZero();
        JsonNode slow = p.run(t0.plus(java.time.Duration.ofMinutes(36)));
        assertThat(slow.path("results").get(0).path("status").asString()).isEqualTo("fail");
        assertThat(slow.path("results").get(0).path("message").asString()).contains("longer than maxDuration 20m");
        assertThat(slow.path("results").get(0).path("details").path("lastRunTimeMs").asLong()).isBetween(25 * 60_000L - 10_000, 25 * 60_000L + 10_000); // each process starts its clock at its own PATROL_TEST_NOW

        PatrolProcess.Result bad = PatrolProcess.run(dir, Map.of(), "ping", "export", "--exit-code", "300");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--exit-code 300").contains("0 (success) to 255");
    }

    @Test
    void tcpDnsAndTlsChecksRunBesideEndpoints() throws Exception {
        Path keystore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=db.test",
                "-validity", "3", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit")
                .redirectErrorStream(true).start();
        keytool.getInputStream().readAllBytes();
        assertThat(keytool.waitFor()).isZero();
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        var kmf = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        var tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        var loopback = java.net.InetAddress.getLoopbackAddress();
        try (java.net.ServerSocket db = new java.net.ServerSocket(0, 50, loopback);
             java.net.ServerSocket secure = tls.getServerSocketFactory().createServerSocket(0, 50, loopback)) {
            Thread.ofVirtual().start(() -> {
                while (true) {
                    try (var s = (javax.net.ssl.SSLSocket) secure.accept()) {
                        s.startHandshake();
                        s.getInputStream().read();
                    } catch (Exception e) {
                        if (secure.isClosed()) return;
                    }
                }
            });
            int closed;
            try (java.net.ServerSocket gone = new java.net.ServerSocket(0, 50, loopback)) {
                closed = gone.getLocalPort();
            }
            config("""
                    health:
                      tcp:
                        - { name: db, address: "127.0.0.1:%d", timeout: 2s }
                        - { name: queue, address: "tcp://127.0.0.1:%d", timeout: 2s }
                      dns:
                        - { name: local-dns, host: localhost }
                      tls:
                        - { name: db-cert, address: "127.0.0.1:%d", minValidity: 14d, severity: P1 }
                    """.formatted(db.getLocalPort(), closed, secure.getLocalPort()));
            PatrolProcess.Result r = PatrolProcess.run(dir, Map.of(), "run", "health", "--json");
            assertThat(r.exit()).as(r.err()).isEqualTo(1);
            JsonNode doc = Json.MAPPER.readTree(r.out());
            Map<String, JsonNode> byName = new java.util.HashMap<>();
            doc.path("results").forEach(n -> byName.put(n.path("target").asString(), n));
            assertThat(byName.get("db").path("kind").asString()).isEqualTo("tcp");
            assertThat(byName.get("db").path("status").asString()).isEqualTo("ok");
            assertThat(byName.get("queue").path("status").asString()).isEqualTo("fail");
            assertThat(byName.get("queue").path("message").asString()).startsWith("connection refused by 127.0.0.1:" + closed);
            assertThat(byName.get("local-dns").path("kind").asString()).isEqualTo("dns");
            assertThat(byName.get("local-dns").path("status").asString()).isEqualTo("ok");
            assertThat(byName.get("db-cert").path("kind").asString()).isEqualTo("tls");
            assertThat(byName.get("db-cert").path("message").asString()).contains("expires in 48h").endsWith("within minValidity 14d");
            assertThat(Files.readString(dir.resolve("alerts.jsonl"))).contains("db-cert").contains("queue");
        }
        config("health:\n  tls:\n    - { name: mail, address: smtp.example.com }\n");
        PatrolProcess.Result bad = PatrolProcess.run(dir, Map.of(), "config", "validate");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("patrol.yml:6").contains("must be host:port");
    }

    @Test
    void staleFileIsDownAndRunAllWrapsTheJobRuns() throws Exception {
        Path data = dir.resolve("tracker.csv");
        Files.writeString(data, "a,b\n");
        Files.setLastModifiedTime(data, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(java.time.Duration.ofDays(3))));
        config("""
                health:
                  freshness:
                    - name: tracker
                      object: tracker.csv
                      maxAge: 26h
                """);
        PatrolProcess.Result r = PatrolProcess.run(dir, Map.of(), "run", "all", "--json");
        assertThat(r.exit()).isEqualTo(1);
        JsonNode all = Json.MAPPER.readTree(r.out());
        assertThat(all.path("job").asString()).isEqualTo("all");
        assertThat(all.path("status").asString()).isEqualTo("problems");
        JsonNode health = all.path("runs").get(0);
        assertThat(health.path("results").get(0).path("message").asString()).contains("older than maxAge 26h");
    }

    @Test
    void unknownTargetIsAUsageError() throws Exception {
        config("health:\n  heartbeats:\n    - { name: a, schedule: \"@daily\" }\n");
        PatrolProcess.Result r = PatrolProcess.run(dir, Map.of(), "run", "health", "--target", "b");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--target b").contains("known: a");
    }
}
