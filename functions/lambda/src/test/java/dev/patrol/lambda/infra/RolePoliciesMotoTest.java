package dev.patrol.lambda.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.patrol.lambda.testing.LambdaHarness;
import dev.patrol.s3.S3ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Each function's role, as deployed, enforced by a real policy engine: moto_server's IAM
 * (infra/tools/moto-iam-server) with every request checked. infra/tools/moto-stack creates the
 * stack's table, topic, queues, buckets, secrets and config parameter from the template's own
 * definitions, renders each role's policy from the SAM transform's output with parameters and
 * ARNs substituted, and gives it to an IAM user. Each job's real Lambda handler
 * (FunctionInvoker, PipelineRuntimeFactory, the AWS adapters) then runs in-process with that
 * user's keys only, against the same server: it must work; and with one statement of its role
 * left out, it must not.
 *
 * <p>One difference from Lambda: the credentials are an IAM user's with the role's policy, not
 * the role's own session (moto would check the role's trust policy, which names Lambda).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RolePoliciesMotoTest {
    static final String REGION = "us-east-1";
    static final String TODAY = LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE);
    static final String PING_TOKEN = "hb-" + UUID.randomUUID();

    @TempDir
    static Path dir;
    static Process moto;
    static String endpoint;
    static Tool python;
    static JsonNode stack;
    static StaticCredentialsProvider admin;
    static String alertsQueue;
    static final Map<String, String> saved = new HashMap<>();

    @BeforeAll
    static void stack() throws Exception {
        Optional<Tool> found = Tool.pythonWithSam();
        assumeTrue(found.isPresent(), "aws-sam-translator not found (python3 -c 'import samtranslator'): pip install aws-sam-translator");
        python = found.get();
        assumeTrue(python.run(List.of("-c", "import moto.server, boto3"), Tool.ROOT).exit() == 0,
                "moto not found (python3 -c 'import moto.server'): pip install 'moto[server]'");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        endpoint = "http://127.0.0.1:" + port;
        moto = new ProcessBuilder(python.path().toString(), "infra/tools/moto-iam-server", "-H", "127.0.0.1", "-p", String.valueOf(port))
                .directory(Tool.ROOT.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("moto.log").toFile()).start();
        awaitUp();

        Path repo = gitRepository();
        Path config = Files.writeString(dir.resolve("patrol.yml"), """
                name: acme
                state:
                  table: patrol-state
                aws:
                  region: us-east-1
                  endpoint: %s
                alerts:
                  sns: { topicArn: "arn:aws:sns:us-east-1:123456789012:patrol-alerts" }
                health:
                  heartbeats:
                    - name: crm-sync
                      schedule: "0 9 * * *"
                      grace: 30m
                      token: "secretsmanager:patrol/heartbeat-tokens#crm-sync"
                  freshness:
                    - name: pipeline-tracker
                      object: s3://acme-backups/pipeline/_TRACKER.csv
                      maxAge: 26h
                    - name: lost-export
                      object: s3://acme-backups/exports/never-written.csv
                      maxAge: 26h
                      severity: P1
                backups:
                  - name: pipeline-csv
                    location: s3://acme-backups/pipeline/
                    pattern: "pipeline_{yyyyMMdd}.csv.gz"
                    every: 1d
                    maxAge: 26h
                    retention: 90d
                    minSize: 1KB
                    restore: gzip
                secrets:
                  repos:
                    - name: deals
                      url: %s
                """.formatted(endpoint, repo));
        Tool.Result up = python.run(List.of("infra/tools/moto-stack", "up", "--endpoint", endpoint, "--config", config.toString(),
                "--out", dir.resolve("stack.json").toString(),
                "WatchedBuckets=arn:aws:s3:::acme-backups", "WatchedObjects=arn:aws:s3:::acme-backups/*"), Tool.ROOT);
        assertThat(up.exit()).as(up.stderr()).isZero();
        stack = JsonMapper.shared().readTree(Files.readString(dir.resolve("stack.json")));
        admin = StaticCredentialsProvider.create(AwsBasicCredentials.create(
                stack.path("admin").path("accessKeyId").asString(), stack.path("admin").path("secretAccessKey").asString()));
        fixtures();
        Tool.Result enforce = python.run(List.of("infra/tools/moto-stack", "enforce", "--endpoint", endpoint), Tool.ROOT);
        assertThat(enforce.exit()).as(enforce.stderr()).isZero();
        for (String key : List.of("aws.accessKeyId", "aws.secretAccessKey", "PATROL_CONFIG", "PATROL_AWS_ENDPOINT", "AWS_REGION",
                "PATROL_QUEUE_URL", "PATROL_BATCH_SIZE", "PATROL_RUNTIME_FACTORY", "MAIN_CLASS")) {
            if (System.getProperty(key) != null) saved.put(key, System.getProperty(key));
        }
    }

    /** What a user of the stack has in place: the watched bucket and its objects, the heartbeat token, an alert subscriber. */
    static void fixtures() throws IOException {
        try (S3Client s3 = client(S3Client.builder().forcePathStyle(true))) {
            s3.createBucket(b -> b.bucket("acme-backups"));
            s3.putBucketVersioning(b -> b.bucket("acme-backups").versioningConfiguration(v -> v.status("Enabled")));
            s3.putObject(b -> b.bucket("acme-backups").key("pipeline/_TRACKER.csv"), RequestBody.fromString("deal,stage\n1,won\n"));
            // A bucket set up as Patrol's posture check asks: encrypted, private, versioned, old backups expire.
            s3.putBucketEncryption(b -> b.bucket("acme-backups").serverSideEncryptionConfiguration(c -> c.rules(
                    r -> r.applyServerSideEncryptionByDefault(d -> d.sseAlgorithm("AES256")))));
            s3.putPublicAccessBlock(b -> b.bucket("acme-backups").publicAccessBlockConfiguration(c -> c
                    .blockPublicAcls(true).blockPublicPolicy(true).ignorePublicAcls(true).restrictPublicBuckets(true)));
            s3.putBucketLifecycleConfiguration(b -> b.bucket("acme-backups").lifecycleConfiguration(c -> c.rules(r -> r
                    .id("expire-pipeline").status("Enabled").filter(f -> f.prefix("pipeline/pipeline_")).expiration(e -> e.days(90)))));
            // A CSV export big enough for a multipart upload with SHA-256 parts (a composite checksum,
            // for which Patrol asks GetObjectAttributes; moto answers it without the parts).
            StringBuilder csv = new StringBuilder("deal_id,stage,amount,owner\n");
            Random random = new Random(7);
            while (csv.length() < (12 << 20)) {
                csv.append(Long.toHexString(random.nextLong())).append(",won,").append(random.nextInt(1_000_000)).append(',')
                        .append(Long.toHexString(random.nextLong())).append('\n');
            }
            ByteArrayOutputStream gz = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
                out.write(csv.toString().getBytes(StandardCharsets.UTF_8));
            }
            new S3ObjectStore(s3, 5 << 20, 1000).put("s3://acme-backups/pipeline/pipeline_" + TODAY + ".csv.gz",
                    new ByteArrayInputStream(gz.toByteArray()), gz.size());
        }
        try (SecretsManagerClient secrets = client(SecretsManagerClient.builder())) {
            secrets.putSecretValue(b -> b.secretId("patrol/heartbeat-tokens").secretString("{\"crm-sync\":\"" + PING_TOKEN + "\"}"));
        }
        try (SqsClient sqs = client(SqsClient.builder()); SnsClient sns = client(SnsClient.builder())) {
            alertsQueue = sqs.createQueue(b -> b.queueName("alerts-inbox")).queueUrl();
            String arn = sqs.getQueueAttributes(b -> b.queueUrl(alertsQueue).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            sns.subscribe(b -> b.topicArn(topic()).protocol("sqs").endpoint(arn).attributes(Map.of("RawMessageDelivery", "false")));
        }
    }

    @AfterAll
    static void stop() {
        if (moto != null) moto.destroy();
    }

    @AfterEach
    void restore() {
        for (String key : List.of("aws.accessKeyId", "aws.secretAccessKey", "PATROL_CONFIG", "PATROL_AWS_ENDPOINT", "AWS_REGION",
                "PATROL_QUEUE_URL", "PATROL_BATCH_SIZE", "PATROL_RUNTIME_FACTORY", "MAIN_CLASS")) {
            if (saved.containsKey(key)) System.setProperty(key, saved.get(key));
            else System.clearProperty(key);
        }
    }

    // --- each job works with its own role ---

    @Test
    @Order(1)
    void pingRecordsAHeartbeatWithThePingRole() {
        JsonNode answer = function("ping", keys("PingRole"), Map.of()).invoke(pingEvent(PING_TOKEN));
        assertThat(answer.path("statusCode").asInt()).as(answer.toString()).isEqualTo(200);
        assertThat(items("heartbeat#crm-sync")).anyMatch(sk -> sk.startsWith("ping#"));
    }

    @Test
    @Order(2)
    void healthFansOutWithItsRoleAndTheWorkerRunsEveryBatchWithItsRole() throws Exception {
        JsonNode pending = function("health", keys("HealthRole"),
                Map.of("PATROL_QUEUE_URL", queueUrl(), "PATROL_BATCH_SIZE", "1")).invoke(scheduledEvent());
        assertThat(pending.path("status").asString()).as(pending.toString()).isEqualTo("pending");
        String runId = pending.path("runId").asString();

        List<Message> batches = receiveAll(queueUrl(), 3);
        assertThat(batches).hasSize(3);
        JsonNode answer = function("worker", keys("WorkerRole"), Map.of()).invoke(sqsEvent(batches));
        assertThat(answer.path("batchItemFailures")).as(answer.toString()).isEmpty();

        JsonNode joined = JsonMapper.shared().readTree(item("fanout#" + runId, "result").path("data").path("S").asString());
        Map<String, String> status = new HashMap<>();
        joined.path("results").forEach(r -> status.put(r.path("target").asString(), r.path("status").asString()));
        assertThat(status).containsEntry("pipeline-tracker", "ok").containsEntry("lost-export", "fail").containsKey("crm-sync");

        // The alert for the missing export went out on SNS with its attributes.
        List<Message> alerts = receiveAll(alertsQueue, 1);
        assertThat(alerts).isNotEmpty();
        JsonNode envelope = JsonMapper.shared().readTree(alerts.getFirst().body());
        assertThat(envelope.path("MessageAttributes").path("job").path("Value").asString()).isEqualTo("health");
        assertThat(envelope.path("MessageAttributes").path("severity").path("Value").asString()).isEqualTo("P1");
        assertThat(envelope.path("MessageAttributes").path("transition").path("Value").asString()).isEqualTo("down");
    }

    @Test
    @Order(3)
    void backupsListsHeadsReadsAndRestoresWithTheBackupsRole() {
        JsonNode run = function("backups", keys("BackupsRole"), Map.of()).invoke(scheduledEvent());
        assertThat(jobWorked("backups", run)).as(run.toString()).isTrue();
        JsonNode details = run.path("results").path(0).path("details");
        assertThat(details.path("newest").path("object").asString()).isEqualTo("pipeline_" + TODAY + ".csv.gz");
        assertThat(details.path("read").path(0).path("restore").isObject()).as(details.toString()).isTrue();
        assertThat(details.path("posture").path("encryption").asString()).isNotEqualTo("none");
    }

    @Test
    @Order(4)
    void secretsSweepsItsRepositoryWithTheSecretsRole() {
        JsonNode run = function("secrets", keys("SecretsRole"), Map.of()).invoke(scheduledEvent());
        assertThat(jobWorked("secrets", run)).as(run.toString()).isTrue();
        assertThat(items("runs#secrets")).as("the run recorded in state").isNotEmpty();
    }

    @Test
    @Order(5)
    void withConfigSourceS3TheConfigIsReadFromTheReportsBucketAndOnlyThere() throws Exception {
        String bucket = stack.path("resources").path("ReportsBucket").path("Ref").asString();
        try (S3Client s3 = client(S3Client.builder().forcePathStyle(true))) {
            s3.putObject(b -> b.bucket(bucket).key("config/patrol.yml"), RequestBody.fromFile(dir.resolve("patrol.yml")));
            s3.putObject(b -> b.bucket(bucket).key("config/other.yml"), RequestBody.fromFile(dir.resolve("patrol.yml")));
        }
        Map<String, String> fromS3 = Map.of("PATROL_CONFIG", "s3://" + bucket + "/config/patrol.yml");

        assertThat(jobWorked("health", function("health", keys("HealthRole"), fromS3).invoke(directEvent()))).isTrue();
        // The role reads that one object: another key of the same bucket is refused.
        assertThat(works(() -> function("health", keys("HealthRole"), Map.of("PATROL_CONFIG", "s3://" + bucket + "/config/other.yml"))
                .invoke(directEvent()))).isFalse();
        assertThat(works(() -> function("health", keysWithout("HealthRole", "ReadConfigFromS3"), fromS3).invoke(directEvent()))).isFalse();
    }

    static boolean works(java.util.function.Supplier<JsonNode> run) {
        try {
            return jobWorked("health", run.get());
        } catch (RuntimeException e) {
            return false; // the invocation failed, as Lambda would report it
        }
    }

    @Test
    @Order(6)
    void reportWritesItsFilesToTheStacksBucketWithTheReportRole() {
        String bucket = stack.path("resources").path("ReportsBucket").path("Ref").asString();
        JsonNode run = function("report", keys("ReportRole"), Map.of("PATROL_REPORTS_OUTPUT", "s3://" + bucket + "/reports/"))
                .invoke(directEvent());
        assertThat(jobWorked("report", run)).as(run.toString()).isTrue();
        try (S3Client s3 = client(S3Client.builder().forcePathStyle(true))) {
            List<String> keys = s3.listObjectsV2(b -> b.bucket(bucket).prefix("reports/")).contents().stream().map(o -> o.key()).toList();
            assertThat(keys).as("the day's report and its latest/ copy").contains("reports/latest/report.html", "reports/latest/report.json")
                    .anyMatch(k -> k.matches("reports/\\d{4}/\\d{2}/\\d{2}/report\\.html"));
        }
    }

    // --- and without one statement of its role, it does not ---

    @ParameterizedTest(name = "{0} without {1}")
    @Order(7)
    @CsvSource({"PingRole, HeartbeatTokens", "PingRole, State", "HealthRole, State", "HealthRole, ReadConfigFromSsm",
            "BackupsRole, WatchedBuckets", "BackupsRole, WatchedObjects", "SecretsRole, State", "WorkerRole, State",
            "ReportRole, WriteReports"})
    void withoutOneStatementTheJobFails(String role, String sid) throws Exception {
        Map<String, String> keys = keysWithout(role, sid);
        boolean works;
        try {
            works = switch (role) {
                case "PingRole" -> function("ping", keys, Map.of()).invoke(pingEvent(PING_TOKEN)).path("statusCode").asInt() == 200;
                case "WorkerRole" -> {
                    String batch = "{\"job\":\"health\",\"runId\":\"" + UUID.randomUUID() + "\",\"startedAt\":\"2026-12-03T08:00:00Z\","
                            + "\"index\":1,\"count\":1,\"targets\":[\"pipeline-tracker\"]}";
                    yield function("worker", keys, Map.of()).invoke(sqsEvent(List.of(Message.builder().messageId("m-1")
                            .receiptHandle("r").body(batch).build()))).path("batchItemFailures").isEmpty();
                }
                case "ReportRole" -> jobWorked("report", function("report", keys, Map.of("PATROL_REPORTS_OUTPUT",
                        "s3://" + stack.path("resources").path("ReportsBucket").path("Ref").asString() + "/reports/")).invoke(directEvent()));
                default -> jobWorked(job(role), function(job(role), keys, Map.of()).invoke(directEvent()));
            };
        } catch (RuntimeException e) {
            works = false; // Lambda would report the invocation as failed
        }
        assertThat(works).as(role + " without " + sid).isFalse();
    }

    /** What each job does with its whole role: the same test decides the runs without a statement. */
    static boolean jobWorked(String job, JsonNode run) {
        Map<String, String> status = new HashMap<>();
        run.path("results").forEach(r -> status.put(r.path("target").asString(), r.path("status").asString()));
        boolean delivered = true;
        for (JsonNode alert : run.path("alerts")) delivered &= alert.path("delivered").asBoolean();
        return delivered && switch (job) {
            case "health" -> "ok".equals(status.get("pipeline-tracker")) && "fail".equals(status.get("lost-export"));
            case "backups" -> "ok".equals(status.get("pipeline-csv"));
            case "secrets" -> "ok".equals(status.get("deals"));
            default -> !status.isEmpty() && !status.containsValue("error");
        };
    }

    static String job(String role) {
        return role.replace("Role", "").toLowerCase(java.util.Locale.ROOT);
    }

    // --- plumbing ---

    static LambdaHarness function(String name, Map<String, String> keys, Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(keys);
        settings.put("PATROL_RUNTIME_FACTORY", "dev.patrol.lambda.PipelineRuntimeFactory");
        settings.put("PATROL_CONFIG", "ssm:" + stack.path("configParameter").asString());
        settings.put("PATROL_AWS_ENDPOINT", endpoint);
        settings.put("AWS_REGION", REGION);
        System.clearProperty("PATROL_QUEUE_URL");
        System.clearProperty("PATROL_BATCH_SIZE");
        settings.putAll(extra);
        return LambdaHarness.start(name, settings);
    }

    static Map<String, String> keys(String role) {
        JsonNode r = stack.path("roles").path(role);
        return Map.of("aws.accessKeyId", r.path("accessKeyId").asString(), "aws.secretAccessKey", r.path("secretAccessKey").asString());
    }

    static Map<String, String> keysWithout(String role, String sid) {
        Tool.Result made = python.run(List.of("infra/tools/moto-stack", "user", "--endpoint", endpoint, "--stack",
                dir.resolve("stack.json").toString(), "--role", role, "--without", sid), Tool.ROOT);
        assertThat(made.exit()).as(made.stderr()).isZero();
        JsonNode user = JsonMapper.shared().readTree(made.stdout());
        return Map.of("aws.accessKeyId", user.path("accessKeyId").asString(), "aws.secretAccessKey", user.path("secretAccessKey").asString());
    }

    static String topic() {
        return stack.path("resources").path("AlertsTopic").path("Ref").asString();
    }

    static String queueUrl() {
        return stack.path("resources").path("FanOutQueue").path("Ref").asString();
    }

    static <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>, C> C client(B builder) {
        return builder.region(Region.of(REGION)).credentialsProvider(admin).endpointOverride(URI.create(endpoint)).build();
    }

    static List<String> items(String pk) {
        try (DynamoDbClient ddb = client(DynamoDbClient.builder())) {
            return ddb.query(b -> b.tableName("patrol-state").keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(pk))))
                    .items().stream().map(i -> i.get("sk").s()).toList();
        }
    }

    static JsonNode item(String pk, String sk) {
        try (DynamoDbClient ddb = client(DynamoDbClient.builder())) {
            var item = ddb.getItem(b -> b.tableName("patrol-state").key(Map.of(
                    "pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(pk),
                    "sk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(sk)))).item();
            assertThat(item).as(pk + " / " + sk + " in state").isNotEmpty();
            ObjectNode node = JsonMapper.shared().createObjectNode();
            item.forEach((k, v) -> node.putObject(k).put("S", v.s()));
            return node;
        }
    }

    static List<Message> receiveAll(String queue, int atLeast) {
        List<Message> got = new ArrayList<>();
        try (SqsClient sqs = client(SqsClient.builder())) {
            for (int i = 0; i < 10 && got.size() < atLeast; i++) {
                got.addAll(sqs.receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(1)
                        .messageAttributeNames("All")).messages());
            }
        }
        return got;
    }

    static ObjectNode scheduledEvent() {
        ObjectNode event = LambdaHarness.event("eventbridge-scheduled.json");
        return event.put("id", UUID.randomUUID().toString());
    }

    static ObjectNode directEvent() {
        return JsonMapper.shared().createObjectNode();
    }

    static ObjectNode pingEvent(String token) {
        ObjectNode event = LambdaHarness.event("function-url.json");
        event.put("rawPath", "/ping/crm-sync");
        ((ObjectNode) event.path("requestContext").path("http")).put("path", "/ping/crm-sync");
        ((ObjectNode) event.path("headers")).put("authorization", "Bearer " + token);
        return event;
    }

    static ObjectNode sqsEvent(List<Message> messages) {
        ObjectNode event = JsonMapper.shared().createObjectNode();
        var records = event.putArray("Records");
        for (Message m : messages) {
            records.addObject().put("messageId", m.messageId()).put("receiptHandle", m.receiptHandle()).put("body", m.body())
                    .put("eventSource", "aws:sqs").put("eventSourceARN", "arn:aws:sqs:us-east-1:123456789012:patrol-fanout")
                    .put("awsRegion", REGION).putObject("attributes").put("ApproximateReceiveCount", "1");
        }
        return event;
    }

    static void awaitUp() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 100; i++) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(endpoint + "/moto-api/data.json")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("moto-iam-server did not start: " + Files.readString(dir.resolve("moto.log")));
    }

    static Path gitRepository() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("deals"));
        try (var git = org.eclipse.jgit.api.Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            Files.writeString(repo.resolve("README.md"), "deals pipeline\n", StandardCharsets.UTF_8);
            git.add().addFilepattern("README.md").call();
            git.commit().setMessage("first").setAuthor("A", "a@example.com").setCommitter("A", "a@example.com").setSign(false).call();
        }
        return repo;
    }
}
