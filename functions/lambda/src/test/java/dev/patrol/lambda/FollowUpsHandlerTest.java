package dev.patrol.lambda;

import static dev.patrol.lambda.testing.LambdaHarness.alerts;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.patrol.aws.AwsClients;
import dev.patrol.aws.DynamoDbStateStore;
import dev.patrol.lambda.testing.LambdaHarness;
import dev.patrol.secrets.FakeCredentials;
import dev.patrol.s3.MotoServer;
import dev.patrol.secrets.HistoryBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import tools.jackson.databind.JsonNode;

/**
 * Reminders ({@code remindEvery}, {@code maxReminders}) and escalation ({@code escalateAfter}) inside the Lambda
 * handlers (FunctionInvoker, the real runtime PipelineRuntimeFactory), for an endpoint that stays down and for a
 * secret finding nobody rotates: state in DynamoDB and the webhook URLs in SSM, both served by moto_server on
 * loopback, alerts to two Slack webhooks on a loopback receiver (one route, one escalation route), time moved with
 * PATROL_TEST_NOW, a fresh container for every run as a schedule gets them. What each webhook received is checked after every run, so a follow-up sent twice, early or
 * late shows up at the run that did it; a retried delivery of the same scheduled event sends nothing again.
 */
class FollowUpsHandlerTest {
    static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    static final List<String> SET = List.of("PATROL_CONFIG", "PATROL_RUNTIME_FACTORY", "PATROL_TEST_NOW", "aws.accessKeyId",
            "aws.secretAccessKey", "AWS_REGION");
    static final StaticCredentialsProvider CREDS = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    static MotoServer moto;

    @TempDir
    Path dir;

    private HttpServer slack;
    /** Slack posts by webhook path ("oncall", "lead"), in the order they arrived. */
    private final Map<String, List<String>> posts = new ConcurrentHashMap<>();

    @BeforeAll
    static void startMoto() throws Exception {
        moto = MotoServer.start();
    }

    @AfterAll
    static void stopMoto() {
        if (moto != null) moto.close();
    }

    @BeforeEach
    void receiver() throws IOException {
        slack = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        slack.createContext("/hooks/", exchange -> {
            String hook = exchange.getRequestURI().getPath().substring("/hooks/".length());
            posts.computeIfAbsent(hook, h -> new CopyOnWriteArrayList<>())
                    .add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
            exchange.close();
        });
        slack.start();
    }

    @AfterEach
    void stop() {
        slack.stop(0);
        SET.forEach(System::clearProperty);
    }

    private String hook(String name) {
        return "http://127.0.0.1:" + slack.getAddress().getPort() + "/hooks/" + name;
    }

    private List<String> posted(String hook) {
        return posts.getOrDefault(hook, List.of());
    }

    /**
     * The two channels and routes both tests use: the job's alerts to "oncall", the escalation to "lead"; the
     * webhook URLs read from SSM as a deployed function reads them (these are on loopback), state in a new table.
     */
    private String config(String job, String extra) {
        String table = "patrol-" + UUID.randomUUID();
        try (AwsClients aws = AwsClients.local(URI.create(moto.endpoint()))) {
            new DynamoDbStateStore(aws.dynamoDb(), table).createTableIfMissing();
        }
        String parameter = "/patrol/hooks-" + UUID.randomUUID() + "/";
        try (SsmClient ssm = SsmClient.builder().region(Region.US_EAST_1).credentialsProvider(CREDS).endpointOverride(URI.create(moto.endpoint())).build()) {
            for (String hook : List.of("oncall", "lead")) ssm.putParameter(b -> b.name(parameter + hook).type("SecureString").value(hook(hook)));
        }
        return """
                name: lambda-follow-ups
                state: { table: %2$s }
                aws: { region: us-east-1, endpoint: "%3$s" }
                alerts:
                  channels:
                    oncall: { slack: { webhookUrl: "ssm:%1$soncall" } }
                    lead: { slack: { webhookUrl: "ssm:%1$slead" } }
                  routes:
                    - { name: oncall, match: { job: [%4$s] }, channels: [oncall] }
                    - { name: lead, channels: [lead] }
                  escalation: lead
                %5$s""".formatted(parameter, table, moto.endpoint(), job, extra);
    }

    private JsonNode run(String function, Path config, Instant at, String eventId) {
        LambdaHarness handler = LambdaHarness.start(function, Map.of("PATROL_CONFIG", config.toString(),
                "PATROL_RUNTIME_FACTORY", "dev.patrol.lambda.PipelineRuntimeFactory", "PATROL_TEST_NOW", at.toString(),
                "aws.accessKeyId", "testing", "aws.secretAccessKey", "testing", "AWS_REGION", "us-east-1"));
        JsonNode run = handler.invoke(LambdaHarness.event("eventbridge-scheduled.json").put("id", eventId));
        assertThat(run.path("job").asString()).as("a run document: %s", run).isEqualTo(function);
        return run;
    }

    private JsonNode run(String function, Path config, Instant at) {
        return run(function, config, at, UUID.randomUUID().toString());
    }

    @Test
    void anEndpointStillDownEscalatesOnceAndRemindsEveryIntervalUpToItsLimit() throws Exception {
        Path config = dir.resolve("patrol.yml");
        Files.writeString(config, config("health", """
                  remindEvery: 4h
                health:
                  endpoints:
                    - { name: backend, url: "http://127.0.0.1:9/", timeout: 2s, maxReminders: 2, escalateAfter: 30m }
                """));

        // Durations count from the first run's instant, a moment after T0: due runs fall half a minute past the minute.
        assertThat(alerts(run("health", config, T0))).containsExactly("backend down");
        assertThat(posted("oncall")).singleElement().asString().contains("DOWN").contains("backend");
        assertThat(alerts(run("health", config, T0.plus(Duration.ofMinutes(20))))).as("before escalateAfter").isEmpty();
        assertThat(posted("lead")).isEmpty();

        String late = UUID.randomUUID().toString();
        assertThat(alerts(run("health", config, T0.plus(Duration.ofHours(1)), late))).containsExactly("backend escalation");
        assertThat(posted("lead")).singleElement().asString().contains("ESCALATED").contains("backend");
        assertThat(posted("oncall")).as("the escalation goes to the escalation route only").hasSize(1);
        run("health", config, T0.plus(Duration.ofHours(1)), late); // Lambda delivers the same event again
        assertThat(posted("lead")).as("a retried event escalates nothing again").hasSize(1);
        assertThat(alerts(run("health", config, T0.plus(Duration.ofHours(2))))).as("escalated once per outage").isEmpty();

        assertThat(alerts(run("health", config, T0.plus(Duration.ofHours(3).plusMinutes(50))))).as("before remindEvery").isEmpty();
        assertThat(alerts(run("health", config, T0.plus(Duration.ofHours(4).plusMinutes(5).plusSeconds(30))))).containsExactly("backend reminder");
        assertThat(posted("oncall")).hasSize(2);
        assertThat(posted("oncall").get(1)).contains("REMINDER").contains("backend has been DOWN for 4 h 5 min");
        assertThat(alerts(run("health", config, T0.plus(Duration.ofHours(4).plusMinutes(10))))).isEmpty();
        // A skipped run: the second reminder counts from the outage's start, not from the first reminder's run.
        JsonNode second = run("health", config, T0.plus(Duration.ofHours(8).plusMinutes(12).plusSeconds(30)));
        assertThat(alerts(second)).containsExactly("backend reminder");
        assertThat(posted("oncall").get(2)).contains("backend has been DOWN for 8 h 12 min");
        assertThat(alerts(run("health", config, T0.plus(Duration.ofHours(12).plusMinutes(30))))).as("maxReminders: 2").isEmpty();
        assertThat(alerts(run("health", config, T0.plus(Duration.ofHours(16).plusMinutes(30))))).isEmpty();

        assertThat(posted("oncall")).hasSize(3);
        assertThat(posted("lead")).hasSize(1);
    }

    @Test
    void aSecretFindingStillOpenEscalatesOnceAndRemindsUpToItsLimit() throws Exception {
        String awsKey = "AK" + "IA" + new FakeCredentials(29).chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
        Path repo = dir.resolve("deals.git");
        try (HistoryBuilder git = new HistoryBuilder(repo)) {
            git.commit("main", "prod config", Map.of("config/prod.env", "AWS_ACCESS_KEY_ID=" + awsKey + "\n"));
        }
        Path config = dir.resolve("patrol.yml");
        Files.writeString(config, config("secrets", """
                secrets:
                  repos:
                    - { name: deals, url: "%s", escalateAfter: 1h, remindEvery: 1d, maxReminders: 2 }
                """.formatted(repo)));

        assertThat(alerts(run("secrets", config, T0))).containsExactly("deals new");
        assertThat(posted("oncall")).singleElement().asString().contains("deals").contains("config/prod.env");
        assertThat(alerts(run("secrets", config, T0.plus(Duration.ofMinutes(30))))).as("before escalateAfter").isEmpty();

        String late = UUID.randomUUID().toString();
        assertThat(alerts(run("secrets", config, T0.plus(Duration.ofHours(2).plusMinutes(30).plusSeconds(30)), late))).containsExactly("deals escalation");
        assertThat(posted("lead")).singleElement().asString().contains("ESCALATED").contains("deals")
                .contains("has been open for 2 h 30 min").contains("config/prod.env:1");
        run("secrets", config, T0.plus(Duration.ofHours(2).plusMinutes(30).plusSeconds(30)), late); // the same event again
        assertThat(posted("lead")).as("a retried event escalates nothing again").hasSize(1);
        assertThat(alerts(run("secrets", config, T0.plus(Duration.ofHours(3))))).as("escalated once").isEmpty();

        assertThat(alerts(run("secrets", config, T0.plus(Duration.ofHours(23))))).as("before remindEvery").isEmpty();
        assertThat(alerts(run("secrets", config, T0.plus(Duration.ofDays(1).plusMinutes(5))))).containsExactly("deals reminder");
        assertThat(alerts(run("secrets", config, T0.plus(Duration.ofDays(1).plusHours(1))))).isEmpty();
        assertThat(alerts(run("secrets", config, T0.plus(Duration.ofDays(2).plusHours(3).plusMinutes(30))))).containsExactly("deals reminder");
        assertThat(alerts(run("secrets", config, T0.plus(Duration.ofDays(5))))).as("maxReminders: 2").isEmpty();

        assertThat(posted("oncall")).hasSize(3);
        assertThat(posted("oncall").get(1)).contains("REMINDER").contains("has been open for 1 d");
        assertThat(posted("oncall").get(2)).contains("REMINDER").contains("has been open for 2 d 3 h");
        assertThat(posted("lead")).hasSize(1);
        assertThat(String.join("\n", posted("oncall")) + posted("lead")).as("never the secret").doesNotContain(awsKey);
    }
}
