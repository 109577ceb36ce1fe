package dev.patrol.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.patrol.alert.Alert;
import dev.patrol.alert.DeliveryException;
import dev.patrol.alert.Severity;
import dev.patrol.alert.Transition;
import dev.patrol.config.SecretResolutionException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@link SlackNotifier} against a local HTTP server that plays Slack's incoming webhook. */
class SlackNotifierTest {
    /** Short waits so retries cost milliseconds here; the defaults are exercised by what they bound. */
    private static final SlackNotifier.Settings FAST =
            new SlackNotifier.Settings(Duration.ofSeconds(2), Duration.ofSeconds(5), 3, Duration.ofMillis(20));

    private final JsonMapper json = JsonMapper.builder().build();
    private FakeSlack slack;

    @BeforeEach
    void start() throws IOException {
        slack = new FakeSlack();
    }

    @AfterEach
    void stop() {
        slack.close();
    }

    @Test
    void postsBlockKitWithAPlainTextFallback() throws Exception {
        Alert alert = new Alert("a1", "health", "backend", "endpoint", Transition.DOWN, Severity.P1,
                Instant.parse("2026-11-22T09:00:00Z"), "backend is down",
                "condition `status == 200` failed: status was 503",
                Map.of("url", "https://api.example.com/health", "failures", "2"),
                "https://status.example.com/backend");

        new SlackNotifier(slack::webhookUrl, FAST).deliver(alert);

        assertThat(slack.received()).hasSize(1);
        assertThat(slack.received().getFirst().contentType()).startsWith("application/json");
        JsonNode message = json.readTree(slack.received().getFirst().body());
        assertThat(message.get("text").asString()).isEqualTo("DOWN: backend — backend is down");
        JsonNode blocks = message.get("blocks");
        assertThat(blocks.get(0).get("type").asString()).isEqualTo("header");
        assertThat(blocks.get(0).get("text").get("text").asString()).endsWith("DOWN: backend");
        assertThat(blocks.get(1).get("text").get("text").asString())
                .isEqualTo("*backend is down*\ncondition `status == 200` failed: status was 503");
        List<String> fields = new ArrayList<>();
        blocks.get(2).get("fields").forEach(f -> fields.add(f.get("text").asString()));
        assertThat(fields).containsExactly("*Severity*\nP1 (high)", "*Job*\nhealth", "*Kind*\nendpoint",
                "*failures*\n2", "*url*\nhttps://api.example.com/health");
        assertThat(blocks.get(3).get("type").asString()).isEqualTo("context");
        assertThat(blocks.get(3).get("elements").get(0).get("text").asString())
                .contains("<!date^" + Instant.parse("2026-11-22T09:00:00Z").getEpochSecond() + "^")
                .contains("|2026-11-22T09:00:00Z>");
        JsonNode button = blocks.get(4).get("elements").get(0);
        assertThat(button.get("type").asString()).isEqualTo("button");
        assertThat(button.get("url").asString()).isEqualTo("https://status.example.com/backend");
    }

    @Test
    void theDailyDigestIsOneMessageWithAButtonToTheReport() throws Exception {
        String link = "https://acme-reports.s3.us-east-1.amazonaws.com/reports/2026/11/30/report.html?X-Amz-Expires=604800&X-Amz-Signature=ab12";
        Alert digest = new Alert("report:digest:digest:1", "report", "digest", "report", Transition.DIGEST, Severity.P3,
                Instant.parse("2026-11-30T07:00:00Z"), "[acme] Daily digest 2026-11-30: all quiet",
                "all quiet: 14 endpoints up 100%, 3 backups verified, no new findings\nReport: " + link,
                Map.of("deals", "maturity 72/100 managed, 10 deployments"), link);

        new SlackNotifier(slack::webhookUrl, FAST).deliver(digest);

        assertThat(slack.received()).hasSize(1);
        JsonNode message = json.readTree(slack.received().getFirst().body());
        assertThat(message.get("text").asString()).isEqualTo("[acme] Daily digest 2026-11-30: all quiet");
        assertThat(message.get("blocks").get(0).get("text").get("text").asString()).isEqualTo(":newspaper: [acme] Daily digest 2026-11-30: all quiet");
        // The title is the header, not said again; the fields are the repositories' lines, without severity, job or kind.
        assertThat(message.get("blocks").get(1).get("text").get("text").asString()).startsWith("all quiet: 14 endpoints up 100%");
        assertThat(message.get("blocks").get(2).get("fields")).singleElement()
                .satisfies(f -> assertThat(f.get("text").asString()).isEqualTo("*deals*\nmaturity 72/100 managed, 10 deployments"));
        assertThat(message.get("blocks").get(4).get("elements").get(0).get("url").asString()).isEqualTo(link);
    }

    @Test
    void aRecoveryReadsRecoveredAndMarkupInNamesStaysText() throws Exception {
        Alert alert = new Alert("a2", "health", "<api & co>", "endpoint", Transition.UP, Severity.P2,
                Instant.parse("2026-11-22T09:05:00Z"), null, null, Map.of(), null);

        new SlackNotifier(slack::webhookUrl, FAST).deliver(alert);

        JsonNode message = json.readTree(slack.received().getFirst().body());
        assertThat(message.get("text").asString()).isEqualTo("RECOVERED: &lt;api &amp; co&gt;");
        assertThat(message.get("blocks").get(0).get("text").get("text").asString()).endsWith("RECOVERED: <api & co>");
        // No title, no text, no link: no empty section and no button for Slack to reject.
        List<String> types = new ArrayList<>();
        message.get("blocks").forEach(b -> types.add(b.get("type").asString()));
        assertThat(types).containsExactly("header", "section", "context");
    }

    @Test
    void manyFactsStayWithinSlacksTenFields() throws Exception {
        Map<String, String> facts = new java.util.HashMap<>();
        for (int i = 0; i < 12; i++) facts.put("fact" + (char) ('a' + i), "v" + i);

        new SlackNotifier(slack::webhookUrl, FAST).deliver(alert(Transition.NEW, facts));

        JsonNode fields = json.readTree(slack.received().getFirst().body()).get("blocks").get(2).get("fields");
        assertThat(fields.size()).isEqualTo(10);
        assertThat(fields.get(9).get("text").asString()).startsWith("*More*\nfactg: v6").endsWith("factl: v11");
    }

    @Test
    void waitsAsToldBy429RetryAfterThenDeliversOnce() throws Exception {
        slack.then(429, Map.of("Retry-After", "1"), "rate_limited");

        new SlackNotifier(slack::webhookUrl, FAST).deliver(alert(Transition.DOWN, Map.of()));

        assertThat(slack.received()).hasSize(2);
        Duration gap = Duration.between(slack.received().get(0).at(), slack.received().get(1).at());
        assertThat(gap).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void aRetryAfterBeyondTheWaitBudgetFailsAtOnce() {
        slack.then(429, Map.of("Retry-After", "120"), "rate_limited");

        DeliveryException e = deliveryFails(() -> new SlackNotifier(slack::webhookUrl, FAST).deliver(alert(Transition.DOWN, Map.of())),
                Duration.ofSeconds(2));

        assertThat(e.getMessage()).contains("rate-limiting", "Retry-After 120 s");
        assertThat(slack.received()).hasSize(1);
    }

    @Test
    void retriesA5xxAndDeliversOnce() throws Exception {
        slack.then(500, "internal_error");

        new SlackNotifier(slack::webhookUrl, FAST).deliver(alert(Transition.DOWN, Map.of()));

        assertThat(slack.received()).hasSize(2);
    }

    @Test
    void givesUpAfterItsAttemptsWhenSlackKeepsFailing() {
        slack.then(503, "a").then(502, "b").then(500, "c").then(200, "ok");

        DeliveryException e = deliveryFails(() -> new SlackNotifier(slack::webhookUrl, FAST).deliver(alert(Transition.DOWN, Map.of())),
                Duration.ofSeconds(5));

        // The outbox, which keeps the alert, says "will retry next run": the channel's own words do not say it again.
        assertThat(e.getMessage()).contains("500", "3 attempts").doesNotContain("next run");
        assertThat(slack.received()).hasSize(3);
    }

    @Test
    void aRevokedWebhookFailsWithoutRetryAndSaysWhatToDo() {
        slack.then(404, "no_service");

        DeliveryException e = deliveryFails(() -> new SlackNotifier(slack::webhookUrl, FAST).deliver(alert(Transition.DOWN, Map.of())),
                Duration.ofSeconds(2));

        assertThat(e.getMessage()).contains("Slack webhook (host 127.0.0.1)", "404", "no_service", "create a new incoming webhook");
        assertThat(slack.received()).hasSize(1);
    }

    @Test
    void aHungWebhookFailsAtItsTimeout() throws Exception {
        SlackNotifier.Settings oneSecond = new SlackNotifier.Settings(Duration.ofSeconds(1), Duration.ofSeconds(30), 4, Duration.ofMillis(20));
        List<Socket> held = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) held.add(silent.accept()); // accepts, never answers
                } catch (IOException closed) {
                    // test over
                }
            });
            String url = "http://127.0.0.1:" + silent.getLocalPort() + FakeSlack.SECRET_PATH;

            DeliveryException e = deliveryFails(() -> new SlackNotifier(() -> url, oneSecond).deliver(alert(Transition.DOWN, Map.of())),
                    Duration.ofSeconds(2));

            assertThat(e.getMessage()).contains("did not answer within 1 s");
        } finally {
            for (Socket s : held) s.close();
        }
    }

    @Test
    void aWebhookNobodyListensOnIsRetriedThenReported() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + FakeSlack.SECRET_PATH;

        DeliveryException e = deliveryFails(() -> new SlackNotifier(() -> url, FAST).deliver(alert(Transition.DOWN, Map.of())),
                Duration.ofSeconds(5));

        assertThat(e.getMessage()).contains("could not connect to Slack webhook (host 127.0.0.1)", "3 attempts");
    }

    @Test
    void anUnresolvableWebhookSecretIsADeliveryFailure() {
        SlackNotifier notifier = new SlackNotifier(() -> {
            throw new SecretResolutionException("environment variable SLACK_WEBHOOK_URL is not set");
        }, FAST);

        DeliveryException e = deliveryFails(() -> notifier.deliver(alert(Transition.DOWN, Map.of())), Duration.ofSeconds(2));

        assertThat(e.getMessage()).contains("SLACK_WEBHOOK_URL is not set");
    }

    @Test
    void aMalformedWebhookIsReportedWithoutRepeatingIt() {
        String bad = "hooks.slack.com" + FakeSlack.SECRET_PATH; // no scheme

        DeliveryException e = deliveryFails(() -> new SlackNotifier(() -> bad, FAST).deliver(alert(Transition.DOWN, Map.of())),
                Duration.ofSeconds(2));

        assertThat(e.getMessage()).contains("not an http(s) URL", "alerts.slack.webhookUrl");
    }

    /** Runs a delivery that must fail within {@code bound}, and checks that nothing of the secret path leaks. */
    private static DeliveryException deliveryFails(Executable delivery, Duration bound) {
        DeliveryException e = assertTimeoutPreemptively(bound, () -> {
            try {
                delivery.execute();
            } catch (DeliveryException expected) {
                return expected;
            }
            throw new AssertionError("expected a DeliveryException");
        });
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString()).doesNotContain("s3cr3tW3bh00kT0k3n", "B0ALERTS", "T0PATROL");
        return e;
    }

    private static Alert alert(Transition transition, Map<String, String> facts) {
        return new Alert("id", "health", "backend", "endpoint", transition, Severity.P1,
                Instant.parse("2026-11-22T09:00:00Z"), "backend is down", "status was 503", facts, null);
    }
}
