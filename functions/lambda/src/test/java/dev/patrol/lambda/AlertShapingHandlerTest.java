package dev.patrol.lambda;

import static dev.patrol.lambda.testing.LambdaHarness.alerts;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.patrol.aws.SqsMessages;
import dev.patrol.aws.AwsClients;
import dev.patrol.aws.DynamoDbStateStore;
import dev.patrol.lambda.testing.LambdaHarness;
import dev.patrol.s3.MotoServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.ssm.SsmClient;
import tools.jackson.databind.JsonNode;

/**
 * Maintenance windows, grouping and flapping inside the health function's Lambda handler
 * (FunctionInvoker, its real runtime PipelineRuntimeFactory), with time moved through
 * PATROL_TEST_NOW: state in DynamoDB and alerts through SNS, both served by moto_server on
 * loopback, Slack to a webhook receiver on loopback, endpoints on a loopback server whose
 * answers the test sets.
 */
class AlertShapingHandlerTest {
    static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    static final List<String> SET = List.of("PATROL_CONFIG", "PATROL_RUNTIME_FACTORY", "PATROL_TEST_NOW", "aws.accessKeyId",
            "aws.secretAccessKey", "AWS_REGION");
    static final String SCHEDULED = """
            { "version": "0", "id": "%s", "detail-type": "Scheduled Event", "source": "aws.events",
              "account": "123456789012", "time": "2026-12-07T10:00:00Z", "region": "us-east-1",
              "resources": ["arn:aws:events:us-east-1:123456789012:rule/patrol-health"], "detail": {} }""";

    static final StaticCredentialsProvider CREDS = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    static MotoServer moto;

    @TempDir
    Path dir;

    private HttpServer server;
    private final List<String> slackPosts = new CopyOnWriteArrayList<>();
    /** Each endpoint answers 200 {"status":"healthy"} unless set to false here: then 503. */
    private final Map<String, Boolean> healthy = new ConcurrentHashMap<>();
    private String table;

    @BeforeAll
    static void startMoto() throws Exception {
        moto = MotoServer.start();
    }

    @AfterAll
    static void stopMoto() {
        if (moto != null) moto.close();
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/slack", exchange -> {
            slackPosts.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
            exchange.close();
        });
        server.createContext("/health/", exchange -> {
            String name = exchange.getRequestURI().getPath().substring("/health/".length());
            boolean up = healthy.getOrDefault(name, true);
            byte[] body = ("{\"status\":\"" + (up ? "healthy" : "unhealthy") + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(up ? 200 : 503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        table = "patrol-" + UUID.randomUUID();
        try (AwsClients aws = AwsClients.local(URI.create(moto.endpoint()))) {
            new DynamoDbStateStore(aws.dynamoDb(), table).createTableIfMissing();
        }
    }

    @AfterEach
    void stop() {
        server.stop(0);
        SET.forEach(System::clearProperty);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The webhook URL is read from SSM (in moto), as a deployed function reads it: this one is on loopback. */
    private void config(String alerts, String topLevel, List<String> endpoints) throws IOException {
        String parameter = "/patrol/slack-" + UUID.randomUUID();
        try (SsmClient ssm = SsmClient.builder().region(Region.US_EAST_1).credentialsProvider(CREDS).endpointOverride(URI.create(moto.endpoint())).build()) {
            ssm.putParameter(b -> b.name(parameter).type("SecureString").value(url("/slack/hook")));
        }
        StringBuilder yml = new StringBuilder("""
                name: lambda-shaping
                state: { table: %s }
                aws: { region: us-east-1, endpoint: "%s" }
                alerts:
                  slack: { webhookUrl: "ssm:%s" }
                """.formatted(table, moto.endpoint(), parameter));
        alerts.lines().forEach(l -> yml.append("  ").append(l).append('\n'));
        yml.append(topLevel).append('\n');
        yml.append("health:\n  endpoints:\n");
        for (String e : endpoints) yml.append("    - { name: %s, url: \"%s\", timeout: 2s }\n".formatted(e, url("/health/" + e)));
        Files.writeString(dir.resolve("patrol.yml"), yml);
    }

    private JsonNode handlerAt(Instant at) {
        LambdaHarness health = LambdaHarness.start("health", Map.of("PATROL_CONFIG", dir.resolve("patrol.yml").toString(),
                "PATROL_RUNTIME_FACTORY", "dev.patrol.lambda.PipelineRuntimeFactory", "PATROL_TEST_NOW", at.toString(),
                "aws.accessKeyId", "testing", "aws.secretAccessKey", "testing", "AWS_REGION", "us-east-1"));
        String id = UUID.randomUUID().toString();
        JsonNode run = health.invoke(SCHEDULED.formatted(id), id);
        assertThat(run.path("job").asString()).as("a run document: %s", run).isEqualTo("health");
        return run;
    }

    @Test
    void aWindowHoldsTheDownWhileOpenAndTheHandlerSendsItOnceWhenItClosesWithTheTargetStillDown() throws Exception {
        config("", """
                maintenance:
                  - { name: db-upgrade, from: "2026-12-07T10:10", until: "2026-12-07T11:00", targets: [api] }""", List.of("api", "web"));
        assertThat(alerts(handlerAt(T0))).isEmpty();

        healthy.put("api", false);
        JsonNode inWindow = handlerAt(T0.plus(Duration.ofMinutes(15)));
        assertThat(inWindow.path("results").get(0).path("status").asString()).isEqualTo("fail");
        assertThat(inWindow.path("results").get(0).path("maintenance").asBoolean()).isTrue();
        assertThat(inWindow.path("results").get(1).has("maintenance")).as("web is not in the window").isFalse();
        assertThat(alerts(inWindow)).isEmpty();
        assertThat(alerts(handlerAt(T0.plus(Duration.ofMinutes(40))))).isEmpty();
        assertThat(slackPosts).isEmpty();

        JsonNode closed = handlerAt(T0.plus(Duration.ofMinutes(65)));
        assertThat(alerts(closed)).containsExactly("api down");
        assertThat(closed.path("results").get(0).has("maintenance")).isFalse();
        assertThat(alerts(handlerAt(T0.plus(Duration.ofMinutes(70))))).isEmpty();
        assertThat(slackPosts).singleElement().asString().contains("DOWN").contains("api");
    }

    @Test
    void anAlertRoutedOnlyToAFileTheFunctionCannotKeepTakesTheDefaultRouteInsteadOfVanishing() throws Exception {
        config("""
                channels: { audit: { file: audit.jsonl } }
                routes:
                  - { name: audit, match: { target: [api] }, channels: [audit] }""", "", List.of("api", "web"));
        assertThat(alerts(handlerAt(T0))).isEmpty();

        healthy.put("api", false);
        JsonNode down = handlerAt(T0.plus(Duration.ofMinutes(5)));
        assertThat(alerts(down)).containsExactly("api down");
        assertThat(down.path("alerts").get(0).path("channels").get(0).asString()).isEqualTo("slack");
        assertThat(slackPosts).singleElement().asString().contains("DOWN").contains("api");
        assertThat(alerts(handlerAt(T0.plus(Duration.ofMinutes(10))))).isEmpty();
        assertThat(slackPosts).hasSize(1);
    }

    @Test
    void manyEndpointsFailingInOneRunAreOneSlackPostAndOneSnsMessageEachAndRecoverTheSameWay() throws Exception {
        var creds = CREDS;
        try (SnsClient sns = SnsClient.builder().region(Region.US_EAST_1).credentialsProvider(creds).endpointOverride(URI.create(moto.endpoint())).build();
             SqsClient sqs = SqsClient.builder().region(Region.US_EAST_1).credentialsProvider(creds).endpointOverride(URI.create(moto.endpoint())).build()) {
            String topic = sns.createTopic(b -> b.name("patrol-" + UUID.randomUUID())).topicArn();
            String queue = sqs.createQueue(b -> b.queueName("seen-" + UUID.randomUUID())).queueUrl();
            String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queue).attributeNamesWithStrings("QueueArn")).attributesAsStrings().get("QueueArn");
            sns.subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(queueArn));
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= 12; i++) names.add("api-%02d".formatted(i));
            config("sns: { topicArn: \"" + topic + "\" }", "", names);
            assertThat(alerts(handlerAt(T0))).isEmpty();

            names.forEach(n -> healthy.put(n, false));
            JsonNode down = handlerAt(T0.plus(Duration.ofMinutes(5)));
            assertThat(alerts(down)).hasSize(12).allMatch(a -> a.endsWith(" down"));
            assertThat(slackPosts).singleElement().asString().contains("12 endpoints DOWN").contains("api-01").contains("api-12");
            List<Message> published = SqsMessages.drain(sqs, queue, 12);
            assertThat(published).hasSize(12).extracting(Message::body).noneMatch(b -> b.contains("12 endpoints"));

            names.forEach(n -> healthy.put(n, true));
            assertThat(alerts(handlerAt(T0.plus(Duration.ofMinutes(10))))).hasSize(12).allMatch(a -> a.endsWith(" up"));
            assertThat(slackPosts).hasSize(2);
            assertThat(slackPosts.get(1)).contains("12 endpoints RECOVERED");
            assertThat(SqsMessages.drain(sqs, queue, 12)).hasSize(12);
        }
    }

    @Test
    void aFlappingEndpointSendsOneFlappingThenOneStableFromTheHandler() throws Exception {
        config("flapping: { changes: 4, window: 1h }", "", List.of("backend"));
        assertThat(alerts(handlerAt(T0))).isEmpty();
        List<String> seen = new ArrayList<>();
        for (int i = 1; i <= 8; i++) { // eight changes, five minutes apart
            healthy.put("backend", i % 2 == 0);
            seen.addAll(alerts(handlerAt(T0.plus(Duration.ofMinutes(5L * i)))));
        }
        assertThat(seen).containsExactly("backend down", "backend up", "backend down", "backend up", "backend flapping");
        // Up since the eighth change (T0+40m): still flapping within the hour, then STABLE once.
        assertThat(alerts(handlerAt(T0.plus(Duration.ofMinutes(90))))).isEmpty();
        assertThat(alerts(handlerAt(T0.plus(Duration.ofMinutes(101))))).containsExactly("backend stable");
        assertThat(alerts(handlerAt(T0.plus(Duration.ofMinutes(110))))).isEmpty();
        assertThat(slackPosts).hasSize(6);
        assertThat(slackPosts.get(4)).contains("FLAPPING").contains("changed state 5 times within 1 h");
        assertThat(slackPosts.get(5)).contains("STABLE").contains("settled UP");
    }
}
