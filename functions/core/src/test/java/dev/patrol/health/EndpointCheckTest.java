package dev.patrol.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.patrol.alert.RecordingNotifier;
import dev.patrol.config.ConfigLoader;
import dev.patrol.config.PatrolConfig;
import dev.patrol.config.SecretResolver;
import dev.patrol.pipeline.Observation;
import dev.patrol.pipeline.Pipeline;
import dev.patrol.pipeline.RunContext;
import dev.patrol.pipeline.RunOptions;
import dev.patrol.pipeline.RunRecord;
import dev.patrol.pipeline.Status;
import dev.patrol.pipeline.Target;
import dev.patrol.state.InMemoryStateStore;
import dev.patrol.storage.LocalFileStore;
import dev.patrol.storage.ObjectStores;
import dev.patrol.time.MutableClock;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The health job against a real HTTP server on loopback: what Patrol says about
 * healthy, unhealthy, hung, trickling and absent services.
 */
class EndpointCheckTest {
    private static final String KEY = "SuperSecretKey123";
    private static final String HEALTHY = "{\"status\":\"healthy\",\"checks\":{\"database\":{\"status\":\"healthy\"}}}";
    private static final String UNHEALTHY = "{\"status\":\"unhealthy\",\"checks\":{\"database\":{\"status\":\"down\"}}}";

    private HttpServer server;
    private final CountDownLatch shutdown = new CountDownLatch(1);
    private final Map<String, String> lastRequest = new ConcurrentHashMap<>();
    private final MutableClock clock = MutableClock.at("2026-11-22T09:00:00Z");
    private final InMemoryStateStore store = new InMemoryStateStore(clock);
    private final HealthJob job = new HealthJob(new EndpointProbe());

    @TempDir
    Path dir;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/health", answer(200, HEALTHY));
        server.createContext("/unhealthy", answer(503, UNHEALTHY));
        server.createContext("/echo", exchange -> reply(exchange, 404, "text/html",
                "<h1>Not Found</h1><p>No route for " + exchange.getRequestURI() + "</p>"));
        server.createContext("/hang", exchange -> {
            await(shutdown);
            exchange.close();
        });
        server.createContext("/trickle", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 100 && shutdown.getCount() > 0; i++) {
                    out.write(' ');
                    out.flush();
                    await(shutdown, 100);
                }
            } catch (IOException clientGaveUp) {
                // expected: Patrol closes the connection at its deadline
            }
        });
        server.createContext("/big", exchange -> reply(exchange, 200, "text/plain", "x".repeat(3 << 20)));
        server.start();
    }

    @AfterEach
    void stopServer() {
        shutdown.countDown();
        server.stop(0);
    }

    private HttpHandler answer(int status, String json) {
        return exchange -> {
            lastRequest.put("method", exchange.getRequestMethod());
            lastRequest.put("authorization", String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            reply(exchange, status, "application/json", json);
        };
    }

    private static void reply(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, exchange.getRequestMethod().equals("HEAD") ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!exchange.getRequestMethod().equals("HEAD")) out.write(bytes);
        }
    }

    private static void await(CountDownLatch latch) {
        await(latch, 30_000);
    }

    private static void await(CountDownLatch latch, long millis) {
        try {
            latch.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A loopback port nothing listens on. */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private RunContext context(String endpointsYaml, SecretResolver secrets) {
        PatrolConfig config = ConfigLoader.parse("health:\n  endpoints:\n" + endpointsYaml.indent(4), "patrol.yml", dir);
        return new RunContext(config, store, new ObjectStores(List.of(new LocalFileStore())), secrets, clock, null);
    }

    /** Checks the one endpoint of {@code endpointYaml} and returns what Patrol observed. */
    private Observation check(String endpointYaml) throws Exception {
        RunContext context = context(endpointYaml, v -> v.raw());
        Target target = job.targets(context).getFirst();
        return job.observe(target, context);
    }

    private static String everything(Observation o) {
        return o.message() + " " + o.details();
    }

    @Test
    void a_healthy_json_answer_meets_every_condition() throws Exception {
        Observation o = check("""
                - name: backend
                  url: %s/health
                  expect: [ "status == 200", "responseTime < 5s", "body.status == healthy",
                            "body.checks.database.status == healthy", "header.Content-Type contains json" ]
                """.formatted(base()));

        assertThat(o.status()).isEqualTo(Status.OK);
        assertThat(o.message()).matches("HTTP 200 in \\d+ms \\(application/json\\); 5 conditions met");
        assertThat(o.details()).containsEntry("status", 200).containsEntry("host", "127.0.0.1");
    }

    @Test
    void an_unhealthy_answer_fails_naming_the_condition_and_what_was_seen() throws Exception {
        Observation o = check("""
                - name: backend
                  url: %s/unhealthy
                  expect: [ "status == 200", "body.status == healthy" ]
                """.formatted(base()));

        assertThat(o.status()).isEqualTo(Status.FAIL);
        assertThat(o.message()).isEqualTo("status == 200 failed: status was 503 (and 1 more)");
        assertThat(o.details().get("failed")).isEqualTo(List.of(
                "status == 200 failed: status was 503",
                "body.status == healthy failed: body.status was \"unhealthy\""));
    }

    /** What Patrol said about {@code path} with a 1 s timeout, and how long it took to say it. */
    private record Timed(Observation observation, Duration took) {}

    private Timed checkWithOneSecondTimeout(String path) throws Exception {
        long start = System.nanoTime();
        Observation o = check("""
                - name: backend
                  url: %s%s
                  timeout: 1s
                """.formatted(base(), path));
        return new Timed(o, Duration.ofNanos(System.nanoTime() - start));
    }

    @Test
    void a_server_that_accepts_and_never_answers_fails_at_the_timeout() throws Exception {
        Timed t = checkWithOneSecondTimeout("/hang");

        assertThat(t.observation().status()).isEqualTo(Status.FAIL);
        assertThat(t.observation().message()).isEqualTo("no answer from 127.0.0.1:" + server.getAddress().getPort() + " within 1s (timeout)");
        assertThat(t.took()).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void a_body_that_trickles_in_fails_at_the_deadline() throws Exception {
        Timed t = checkWithOneSecondTimeout("/trickle");

        assertThat(t.observation().status()).isEqualTo(Status.FAIL);
        assertThat(t.observation().message()).contains("did not finish within 1s (HTTP 200, body still arriving)");
        assertThat(t.took()).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void a_service_that_is_not_running_refuses_the_connection() throws Exception {
        int closedPort = closedPort();

        Observation o = check("""
                - name: backend
                  url: http://127.0.0.1:%d/health
                  timeout: 2s
                """.formatted(closedPort));

        assertThat(o.status()).isEqualTo(Status.FAIL);
        assertThat(o.message()).isEqualTo("connection refused by 127.0.0.1:" + closedPort + ": nothing listens on that port (is the service running, and is the port right?)");
    }

    @Test
    void the_method_and_headers_are_sent_with_references_resolved() throws Exception {
        RunContext context = context("""
                - name: backend
                  url: %s/health
                  method: HEAD
                  headers: { Authorization: "${API_TOKEN}" }
                """.formatted(base()), v -> v.raw().equals("${API_TOKEN}") ? "Bearer t0ken" : v.raw());

        Observation o = job.observe(job.targets(context).getFirst(), context);

        assertThat(o.status()).isEqualTo(Status.OK);
        assertThat(lastRequest).containsEntry("method", "HEAD").containsEntry("authorization", "Bearer t0ken");
    }

    @Test
    void a_huge_body_is_read_only_up_to_the_cap() {
        EndpointProbe.Outcome outcome = new EndpointProbe().probe(URI.create(base() + "/big"), "GET", Map.of(), Duration.ofSeconds(5));

        assertThat(outcome).isInstanceOfSatisfying(EndpointProbe.Answered.class,
                a -> assertThat(a.answer().body()).hasSize(EndpointProbe.BODY_CAP));
    }

    @Test
    void a_key_in_the_url_never_appears_in_what_patrol_says() throws Exception {
        int closedPort = closedPort();
        String[] urls = {
                base() + "/health?key=" + KEY,
                base() + "/unhealthy?key=" + KEY,
                base() + "/hang?key=" + KEY,
                base() + "/echo?key=" + KEY,
                "http://127.0.0.1:" + closedPort + "/health?key=" + KEY,
                "http://not-a-host.invalid/health?key=" + KEY};

        for (String url : urls) {
            Observation o = check("""
                    - name: backend
                      url: "%s"
                      timeout: 1s
                      expect: [ "status == 200", "body.status == healthy", "body contains ok" ]
                    """.formatted(url));
            assertThat(everything(o)).as(url).doesNotContain(KEY);
        }
    }

    @Test
    void a_url_given_by_reference_is_resolved_only_to_be_called() throws Exception {
        RunContext context = context("""
                - name: backend
                  url: "${HEALTH_URL}"
                  expect: [ "status == 200" ]
                """, v -> v.raw().equals("${HEALTH_URL}") ? base() + "/unhealthy?key=" + KEY : v.raw());

        Observation o = job.observe(job.targets(context).getFirst(), context);

        assertThat(o.status()).isEqualTo(Status.FAIL);
        assertThat(everything(o)).doesNotContain(KEY);
        assertThat(context.config().toString()).doesNotContain(KEY);
    }

    @Test
    void hung_endpoints_are_checked_at_the_same_time_not_one_after_another() {
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            yaml.append("""
                    - name: hung-%d
                      url: %s/hang
                      timeout: 1s
                    """.formatted(i, base()));
        }
        RecordingNotifier slack = new RecordingNotifier("slack");
        Pipeline pipeline = new Pipeline(context(yaml.toString(), v -> v.raw()), Map.of("slack", slack));

        long start = System.nanoTime();
        RunRecord run = pipeline.run(job, RunOptions.all());
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(run.results()).hasSize(10).allMatch(r -> r.status().equals("fail") && r.message().contains("(timeout)"));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(slack.delivered()).hasSize(10);
        assertThat(took).as("ten 1s timeouts at once, not 10 s").isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void a_stale_or_missing_file_fails_freshness_and_a_recent_one_passes() throws Exception {
        Path recent = Files.writeString(dir.resolve("recent.csv"), "a,b\n");
        Path stale = Files.writeString(dir.resolve("stale.csv"), "a,b\n");
        Instant now = Instant.parse("2026-11-22T09:00:00Z");
        Files.setLastModifiedTime(recent, FileTime.from(now.minus(Duration.ofHours(2))));
        Files.setLastModifiedTime(stale, FileTime.from(now.minus(Duration.ofHours(30))));
        PatrolConfig config = ConfigLoader.parse("""
                health:
                  freshness:
                    - { name: recent, object: recent.csv, maxAge: 26h }
                    - { name: stale, object: stale.csv, maxAge: 26h }
                    - { name: missing, object: missing.csv, maxAge: 26h }
                """, "patrol.yml", dir);
        RunContext context = new RunContext(config, store, new ObjectStores(List.of(new LocalFileStore())), v -> v.raw(), clock, null);

        RunRecord run = new Pipeline(context, Map.of()).run(job, RunOptions.all());

        assertThat(run.results()).extracting(RunRecord.Result::target, RunRecord.Result::status, RunRecord.Result::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple("recent", "ok", "updated 2h ago"),
                org.assertj.core.groups.Tuple.tuple("stale", "fail",
                        stale + " is 30h old (last modified 2026-11-21T03:00:00Z), older than maxAge 26h"),
                org.assertj.core.groups.Tuple.tuple("missing", "fail", dir.resolve("missing.csv") + " does not exist"));
    }
}
