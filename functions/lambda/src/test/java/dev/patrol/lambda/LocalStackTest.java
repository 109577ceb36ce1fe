package dev.patrol.lambda;

import dev.patrol.aws.ConfigDocument;
import dev.patrol.aws.ConfigSource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.aws.AwsClients;
import dev.patrol.lambda.fanout.FanOut;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The Lambda layer's own AWS calls against LocalStack: config from S3 and from
 * an SSM SecureString, fan-out batches onto SQS. Runs where a Docker engine
 * exists; skipped (not failed) where none does, as on the machines this was written on.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackTest {
    static final String YAML = "name: acme\nstate:\n  table: patrol-state\n";

    @Container
    static final LocalStackContainer localstack = new LocalStackContainer("localstack/localstack:4.4").withServices("s3", "ssm", "sqs");

    static AwsClients clients;

    @BeforeAll
    static void clients() {
        System.setProperty("aws.accessKeyId", localstack.getAccessKey());
        System.setProperty("aws.secretAccessKey", localstack.getSecretKey());
        clients = AwsClients.create(localstack.getRegion(), localstack.getEndpoint().toString());
    }

    @AfterAll
    static void clear() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @Test
    void theConfigIsReadFromS3() {
        clients.s3().createBucket(b -> b.bucket("acme-config"));
        clients.s3().putObject(b -> b.bucket("acme-config").key("patrol/patrol.yml"), RequestBody.fromString(YAML));

        ConfigDocument config = new ConfigSource(clients).read("s3://acme-config/patrol/patrol.yml");

        assertThat(config.text()).isEqualTo(YAML);
        assertThat(config.origin()).isEqualTo("s3://acme-config/patrol/patrol.yml");
    }

    @Test
    void theConfigIsReadFromAnSsmSecureString() {
        clients.ssm().putParameter(b -> b.name("/patrol/config").type(ParameterType.SECURE_STRING).value(YAML));

        assertThat(new ConfigSource(clients).read("ssm:/patrol/config").text()).isEqualTo(YAML);
    }

    @Test
    void fanOutPutsEveryBatchOnTheQueue() {
        String queue = clients.sqs().createQueue(b -> b.queueName("patrol-fanout")).queueUrl();
        FanOut fanOut = new FanOut(clients::sqs, queue, 2);
        List<String> targets = IntStream.rangeClosed(1, 23).mapToObj(i -> "repo-" + i).toList();

        fanOut.send(fanOut.split("secrets", "run-1", Instant.now(), targets));

        int received = 0;
        for (int i = 0; i < 10 && received < 12; i++) {
            received += clients.sqs().receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(1)).messages().size();
        }
        assertThat(received).isEqualTo(12);
    }
}
