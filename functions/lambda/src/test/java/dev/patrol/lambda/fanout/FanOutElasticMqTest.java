package dev.patrol.lambda.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.lambda.testing.LambdaHarness;
import dev.patrol.lambda.testing.TestRuntimeFactory;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fan-out end to end against a real SQS implementation (ElasticMQ) on loopback:
 * the job function puts batches on the queue, this test plays Lambda's SQS event
 * source (receive, invoke the worker through FunctionInvoker, delete what
 * succeeded), and the batches meet again in state as one run document.
 */
class FanOutElasticMqTest {
    @TempDir
    static Path dir;
    static SQSRestServer server;
    static SqsClient sqs;
    static String queueUrl;
    static String dlqUrl;
    static LambdaHarness health;
    static LambdaHarness worker;

    @BeforeAll
    static void queues() {
        server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().withAWSRegion("us-east-1").start();
        String endpoint = "http://127.0.0.1:" + server.waitUntilStarted().localAddress().getPort();
        sqs = SqsClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
        dlqUrl = sqs.createQueue(b -> b.queueName("patrol-fanout-dlq")).queueUrl();
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        queueUrl = sqs.createQueue(b -> b.queueName("patrol-fanout").attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, "1",
                QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"2\"}")))
                .queueUrl();
        Map<String, String> settings = Map.of(
                "PATROL_CONFIG", LambdaHarness.configFile(dir), "PATROL_QUEUE_URL", queueUrl, "PATROL_BATCH_SIZE", "1",
                "PATROL_AWS_ENDPOINT", endpoint, "AWS_REGION", "us-east-1",
                "aws.accessKeyId", "test", "aws.secretAccessKey", "test");
        health = LambdaHarness.start("health", settings);
        worker = LambdaHarness.start("worker", settings);
        properties = settings.keySet();
    }

    static Set<String> properties = Set.of();

    @AfterAll
    static void stop() {
        properties.forEach(System::clearProperty); // credentials are read per request: kept until here
        sqs.close();
        server.stopAndWait();
    }

    @AfterEach
    void heal() {
        TestRuntimeFactory.STATE.unreachableFor.clear();
    }

    @Test
    void aScheduledRunFansOutAndItsBatchesMeetAgainInState() {
        JsonNode pending = health.invoke(scheduledEvent());

        assertThat(pending.path("status").asString()).isEqualTo("pending");
        assertThat(pending.path("fanout").path("batches").asInt()).isEqualTo(4);
        String runId = pending.path("runId").asString();

        int invocations = drain(4);

        assertThat(invocations).isGreaterThanOrEqualTo(1);
        JsonNode run = result(runId);
        assertThat(run.path("runId").asString()).isEqualTo(runId);
        assertThat(run.path("results").findValuesAsString("target"))
                .containsExactly("backend", "frontend", "crm-sync-9am", "nightly-export");
        assertThat(run.path("status").asString()).isIn("ok", "problems");
    }

    @Test
    void aDirectRequestWaitsForItsBatchesAndAnswersWithTheWholeRun() throws Exception {
        var answer = CompletableFuture.supplyAsync(() -> health.invoke(JsonMapper.shared().readTree("{\"targets\": []}")));

        drain(4);

        JsonNode run = answer.get();
        assertThat(run.path("status").asString()).isNotEqualTo("pending");
        assertThat(run.path("results").size()).isEqualTo(4);
        assertThat(run.path("fanout").path("batches").asInt()).isEqualTo(4);
    }

    @Test
    void aBatchThatKeepsFailingEndsInTheDeadLetterQueueAndTheRunStaysOpen() {
        TestRuntimeFactory.STATE.unreachableFor.add("frontend");
        String runId = health.invoke(scheduledEvent()).path("runId").asString();

        drain(4);
        drain(1); // the failed batch comes back once more and fails again
        // Past maxReceiveCount, the next receive moves it to the dead-letter queue instead of returning it.
        assertThat(sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(2)).messages()).isEmpty();

        List<Message> dead = sqs.receiveMessage(b -> b.queueUrl(dlqUrl).maxNumberOfMessages(10).waitTimeSeconds(2)).messages();
        assertThat(dead).hasSize(1);
        assertThat(FanOutBatch.parse(dead.getFirst().body()).targets()).containsExactly("frontend");
        assertThat(TestRuntimeFactory.STATE.get(FanOutRun.pk(runId), "result")).isEmpty();
        assertThat(TestRuntimeFactory.STATE.query(FanOutRun.pk(runId), "batch#")).hasSize(3);
        sqs.deleteMessage(b -> b.queueUrl(dlqUrl).receiptHandle(dead.getFirst().receiptHandle()));
    }

    /**
     * Lambda's SQS event source, played by hand: receives until {@code expected}
     * messages were handed to the worker, deletes those it did not report failed.
     */
    static int drain(int expected) {
        Set<String> seen = new HashSet<>();
        int invocations = 0;
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (seen.size() < expected && System.nanoTime() < deadline) {
            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            if (messages.isEmpty()) continue;
            JsonNode response = worker.invoke(sqsEvent(messages));
            invocations++;
            List<String> failed = response.path("batchItemFailures").findValuesAsString("itemIdentifier");
            for (Message m : messages) {
                seen.add(m.messageId());
                if (!failed.contains(m.messageId())) sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        }
        assertThat(seen).hasSizeGreaterThanOrEqualTo(expected);
        return invocations;
    }

    static JsonNode sqsEvent(List<Message> messages) {
        ObjectNode event = LambdaHarness.event("sqs-event.json");
        ObjectNode template = (ObjectNode) event.path("Records").get(0);
        var records = new ArrayList<ObjectNode>();
        for (Message m : messages) {
            ObjectNode record = template.deepCopy().put("messageId", m.messageId()).put("receiptHandle", m.receiptHandle())
                    .put("body", m.body()).put("md5OfBody", m.md5OfBody());
            ObjectNode attributes = record.putObject("attributes");
            m.attributesAsStrings().forEach(attributes::put);
            records.add(record);
        }
        event.putArray("Records").addAll(records);
        return event;
    }

    static ObjectNode scheduledEvent() {
        return LambdaHarness.event("eventbridge-scheduled.json").put("id", UUID.randomUUID().toString());
    }

    static JsonNode result(String runId) {
        return JsonMapper.shared().readTree(TestRuntimeFactory.STATE.get(FanOutRun.pk(runId), "result").orElseThrow().data());
    }
}
