package dev.patrol.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.patrol.alert.Alert;
import dev.patrol.alert.DeliveryException;
import dev.patrol.alert.Severity;
import dev.patrol.alert.Transition;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What {@link SnsNotifier} must do against any implementation of SNS: each
 * subclass supplies one (fauxqs from npm, LocalStack in Docker). A topic is
 * subscribed by an SQS queue of the same server; the test reads what SNS
 * delivered there, in SNS's own envelope, attributes included.
 */
abstract class SnsNotifierContract {
    private final JsonMapper json = JsonMapper.builder().build();
    private AwsClients clients;
    private SqsClient sqs;

    /** Where the SNS (and SQS) implementation under test listens. */
    abstract URI endpoint();

    @BeforeEach
    void connect() {
        clients = AwsClients.local(endpoint());
        sqs = SqsClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("patrollocal", "patrollocal")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @AfterEach
    void disconnect() {
        sqs.close();
        clients.close();
    }

    @Test
    void publishesSubjectMessageAndFilterableAttributes() throws Exception {
        String topic = topic();
        String queue = subscribedQueue(topic, null);

        new SnsNotifier(clients.sns(), topic).deliver(alert(Severity.P1, Transition.DOWN, "backend"));

        JsonNode envelope = json.readTree(receiveOne(queue).body());
        assertThat(envelope.get("TopicArn").asString()).isEqualTo(topic);
        assertThat(envelope.get("Subject").asString()).isEqualTo("[Patrol] DOWN: backend - backend is down");
        assertThat(envelope.get("Message").asString())
                .startsWith("DOWN: backend (P1 high)\nbackend is down\nstatus was 503")
                .contains("job: health", "kind: endpoint", "time: 2026-11-22T09:00:00Z", "url: https://api.example.com/health");
        JsonNode attributes = envelope.get("MessageAttributes");
        assertThat(attributes.get("severity").get("Type").asString()).isEqualTo("String");
        assertThat(attributes.get("severity").get("Value").asString()).isEqualTo("P1");
        assertThat(attributes.get("job").get("Value").asString()).isEqualTo("health");
        assertThat(attributes.get("transition").get("Value").asString()).isEqualTo("down");
    }

    @Test
    void theDailyDigestGoesOutWithTheUsualAttributesAndItsLink() throws Exception {
        String topic = topic();
        String digestsOnly = subscribedQueue(topic, "{\"transition\":[\"digest\"]}");
        String link = "https://acme-reports.s3.amazonaws.com/patrol/2026/11/30/report.html?X-Amz-Expires=604800";
        Alert digest = new Alert("report-digest-2026-11-30", "report", "digest", "report", Transition.DIGEST, Severity.P3,
                Instant.parse("2026-11-30T07:00:00Z"), "[acme] Daily digest 2026-11-30: all quiet",
                "all quiet: 14 endpoints up 100%, 3 backups verified, no new findings\nReport: " + link, Map.of(), link);
        SnsNotifier notifier = new SnsNotifier(clients.sns(), topic);

        notifier.deliver(alert(Severity.P1, Transition.DOWN, "backend")); // filtered out of the digest subscription
        notifier.deliver(digest);

        JsonNode envelope = json.readTree(receiveOne(digestsOnly).body());
        JsonNode attributes = envelope.get("MessageAttributes");
        assertThat(attributes.get("severity").get("Value").asString()).isEqualTo("P3");
        assertThat(attributes.get("job").get("Value").asString()).isEqualTo("report");
        assertThat(attributes.get("transition").get("Value").asString()).isEqualTo("digest");
        assertThat(envelope.get("Subject").asString()).isEqualTo("[Patrol] [acme] Daily digest 2026-11-30: all quiet");
        assertThat(envelope.get("Message").asString()).startsWith("[acme] Daily digest 2026-11-30: all quiet\nall quiet: 14 endpoints")
                .doesNotContain("P3").contains("link: " + link);
        assertThat(sqs.receiveMessage(b -> b.queueUrl(digestsOnly).waitTimeSeconds(1)).messages()).isEmpty();
    }

    @Test
    void aSubscriptionCanFilterOnSeverity() throws Exception {
        String topic = topic();
        String urgentOnly = subscribedQueue(topic, "{\"severity\":[\"P0\",\"P1\"]}");
        SnsNotifier notifier = new SnsNotifier(clients.sns(), topic);

        notifier.deliver(alert(Severity.P3, Transition.DOWN, "docs-site"));
        notifier.deliver(alert(Severity.P0, Transition.DOWN, "payments"));

        JsonNode first = json.readTree(receiveOne(urgentOnly).body());
        assertThat(first.get("MessageAttributes").get("severity").get("Value").asString()).isEqualTo("P0");
        assertThat(sqs.receiveMessage(b -> b.queueUrl(urgentOnly).waitTimeSeconds(1)).messages()).isEmpty();
    }

    @Test
    void aLongOrNonAsciiTitleStillMakesAValidSubject() throws Exception {
        String topic = topic();
        String queue = subscribedQueue(topic, null);
        Alert alert = new Alert("id", "backups", "pipeline-csv — nightly", "backup", Transition.NEW, Severity.P0,
                Instant.parse("2026-11-22T01:00:00Z"), "Sicherung fehlt: größer als erwartet\n" + "x".repeat(200),
                "text", Map.of(), null);

        new SnsNotifier(clients.sns(), topic).deliver(alert);

        String subject = json.readTree(receiveOne(queue).body()).get("Subject").asString();
        assertThat(subject).hasSizeLessThanOrEqualTo(99).startsWith("[Patrol] NEW: pipeline-csv ? nightly - Sicherung").endsWith("...");
        assertThat(subject.chars().allMatch(c -> c >= 0x20 && c < 0x7f)).isTrue();
    }

    @Test
    void aMissingTopicIsReportedWithItsArnAndTheFix() {
        String missing = "arn:aws:sns:us-east-1:000000000000:patrol-missing-" + UUID.randomUUID();

        assertThatThrownBy(() -> new SnsNotifier(clients.sns(), missing).deliver(alert(Severity.P1, Transition.DOWN, "x")))
                .isInstanceOf(DeliveryException.class)
                .hasMessageContaining(missing)
                .hasMessageContaining("alerts.sns.topicArn");
    }

    @Test
    void anUnreachableEndpointFailsPromptly() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        try (AwsClients nowhere = AwsClients.local(URI.create("http://127.0.0.1:" + port))) {
            SnsNotifier notifier = new SnsNotifier(nowhere.sns(), "arn:aws:sns:us-east-1:000000000000:patrol");

            DeliveryException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                try {
                    notifier.deliver(alert(Severity.P1, Transition.DOWN, "x"));
                } catch (DeliveryException expected) {
                    return expected;
                }
                throw new AssertionError("expected a DeliveryException");
            });
            assertThat(e.getMessage()).contains("127.0.0.1:" + port).containsIgnoringCase("connection refused");
        }
    }

    private String topic() {
        return clients.sns().createTopic(b -> b.name("patrol-" + UUID.randomUUID())).topicArn();
    }

    private String subscribedQueue(String topic, String filterPolicy) {
        String url = sqs.createQueue(b -> b.queueName("alerts-" + UUID.randomUUID())).queueUrl();
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        clients.sns().subscribe(b -> {
            b.topicArn(topic).protocol("sqs").endpoint(arn);
            if (filterPolicy != null) b.attributes(Map.of("FilterPolicy", filterPolicy));
        });
        return url;
    }

    /** Waits up to 5 s for the next delivery (LocalStack delivers asynchronously). */
    private Message receiveOne(String queueUrl) {
        for (int i = 0; i < 5; i++) {
            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(1).waitTimeSeconds(1)).messages();
            if (!messages.isEmpty()) {
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(messages.getFirst().receiptHandle()));
                return messages.getFirst();
            }
        }
        throw new AssertionError("nothing was delivered to " + queueUrl + " within 5 s");
    }

    private static Alert alert(Severity severity, Transition transition, String target) {
        return new Alert("id-" + target, "health", target, "endpoint", transition, severity,
                Instant.parse("2026-11-22T09:00:00Z"), target + " is down", "status was 503",
                Map.of("url", "https://api.example.com/health"), null);
    }
}
