package dev.patrol.cli;

import static dev.patrol.cli.ClockedPatrol.alerts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.aws.SqsMessages;
import dev.patrol.s3.MotoServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.JsonNode;

/**
 * Routing, grouping and flapping through the real {@code patrol} process with the test
 * clock (PATROL_TEST_NOW): Slack receivers on loopback, SNS on moto_server (skips, saying so,
 * where moto is not installed), counted through an SQS queue subscribed to the topic.
 */
class AlertShapingIT {
    static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    @TempDir
    Path dir;
    @AutoClose
    final TestService service;

    AlertShapingIT() throws IOException {
        service = new TestService();
    }

    @Test
    void twoRoutesWithOneSlackDownTheOtherDeliversAndTheFailedOneLaterExactlyOnce() throws Exception {
        Files.writeString(dir.resolve("patrol.yml"), """
                name: e2e
                alerts:
                  channels:
                    team-slack: { slack: { webhookUrl: "${TEAM_SLACK}" } }
                    ops-slack: { slack: { webhookUrl: "${OPS_SLACK}" } }
                  routes:
                    - { name: team, match: { owner: [payments] }, channels: [team-slack], continue: true }
                    - { name: ops, match: { job: [health] }, channels: [ops-slack] }
                health:
                  endpoints:
                    - { name: backend, url: "%s", timeout: 2s, owner: payments }
                """.formatted(service.url("/health")));
        ClockedPatrol p = new ClockedPatrol(dir, slacks());
        service.healthStatus.set("unhealthy");
        service.opsSlackStatus.set(500);

        JsonNode first = p.run(T0);
        assertThat(first.path("alerts")).singleElement().satisfies(a -> {
            assertThat(channels(a)).containsExactly("ops-slack", "team-slack");
            assertThat(a.path("delivered").asBoolean()).isFalse(); // not on every channel yet
        });
        assertThat(service.slackPosts).hasSize(1);
        assertThat(service.opsSlackPosts).isEmpty();

        service.opsSlackStatus.set(200);
        JsonNode second = p.run(T0.plus(Duration.ofMinutes(5)));
        assertThat(second.path("alerts")).singleElement().satisfies(a -> {
            assertThat(channels(a)).containsExactly("ops-slack");
            assertThat(a.path("delivered").asBoolean()).isTrue();
        });
        assertThat(service.opsSlackPosts).singleElement().asString().contains("DOWN").contains("backend");
        assertThat(service.slackPosts).hasSize(1); // the channel that took it first is not sent it again

        assertThat(p.run(T0.plus(Duration.ofMinutes(10))).path("alerts")).isEmpty();
        assertThat(service.slackPosts).hasSize(1);
        assertThat(service.opsSlackPosts).hasSize(1);
    }

    @Test
    void aTargetWithoutAnOwnerPassesAnOwnerRouteByAndTakesTheDefault() throws Exception {
        Files.writeString(dir.resolve("patrol.yml"), """
                name: e2e
                alerts:
                  file: alerts.jsonl
                  channels: { dba-file: { file: dba.jsonl } }
                  routes:
                    - { name: dba, match: { owner: [dba] }, channels: [dba-file] }
                health:
                  endpoints:
                    - { name: orders-db, url: "http://127.0.0.1:9/", timeout: 2s, owner: dba }
                    - { name: web, url: "http://127.0.0.1:9/", timeout: 2s }
                """);
        ClockedPatrol p = new ClockedPatrol(dir);
        assertThat(alerts(p.run(T0))).containsExactly("orders-db down", "web down");
        assertThat(p.alertLines("dba.jsonl")).containsExactly("orders-db down");
        assertThat(p.alertLines("alerts.jsonl")).containsExactly("web down");
    }

    @Test
    void anEscalationGoesToTheEscalationRouteWhichAlsoTakesTheAlertsItsMatchNames() throws Exception {
        // docs/alerts.md's routing example: oncall pages for P0 and is the escalation route; a P0 DOWN pages at once, a P2
        // DOWN takes the default route, and both escalate to oncall.
        Files.writeString(dir.resolve("patrol.yml"), """
                name: e2e
                alerts:
                  slack: { webhookUrl: "${TEAM_SLACK}" }
                  channels:
                    pager: { slack: { webhookUrl: "${OPS_SLACK}" } }
                  routes:
                    - { name: oncall, match: { severity: [P0] }, channels: [pager] }
                  escalation: oncall
                  escalateAfter: 30m
                health:
                  endpoints:
                    - { name: backend, url: "http://127.0.0.1:9/", timeout: 2s }
                    - { name: payments, url: "http://127.0.0.1:9/", timeout: 2s, severity: P0 }
                """);
        ClockedPatrol p = new ClockedPatrol(dir, slacks());
        JsonNode down = p.run(T0);
        assertThat(alerts(down)).containsExactlyInAnyOrder("backend down", "payments down");
        down.path("alerts").forEach(a -> assertThat(channels(a)).as("%s", a)
                .containsExactly(a.path("target").asString().equals("payments") ? "pager" : "slack"));
        assertThat(service.slackPosts).singleElement().asString().contains("DOWN").contains("backend").doesNotContain("payments");
        assertThat(service.opsSlackPosts).singleElement().asString().contains("DOWN").contains("payments");

        assertThat(alerts(p.run(T0.plus(Duration.ofMinutes(20))))).isEmpty();
        JsonNode escalated = p.run(T0.plus(Duration.ofMinutes(31)));
        assertThat(alerts(escalated)).containsExactlyInAnyOrder("backend escalation", "payments escalation");
        escalated.path("alerts").forEach(a -> assertThat(channels(a)).containsExactly("pager"));
        assertThat(service.opsSlackPosts).hasSize(3);
        assertThat(service.opsSlackPosts.subList(1, 3)).allMatch(post -> post.contains("ESCALATED"));
        assertThat(service.slackPosts).hasSize(1);
        assertThat(alerts(p.run(T0.plus(Duration.ofHours(2))))).isEmpty(); // once per outage
    }

    @Test
    void aTargetThatFlapsAndSettlesDownStillEscalatesAfterItsStable() throws Exception {
        Files.writeString(dir.resolve("patrol.yml"), """
                name: e2e
                alerts:
                  file: alerts.jsonl
                  flapping: { changes: 2, window: 1h }
                  escalateAfter: 30m
                  remindEvery: 2h
                  maxReminders: 1
                health:
                  endpoints:
                    - { name: backend, url: "%s", timeout: 2s }
                """.formatted(service.url("/health")));
        ClockedPatrol p = new ClockedPatrol(dir);
        assertThat(alerts(p.run(T0))).isEmpty();
        assertThat(p.alternate(service, T0, Duration.ofMinutes(1), 3)).containsExactly("backend down", "backend up", "backend flapping");
        // Down since minute 3 and quiet while flapping: its escalation (due at minute 33) is not spent on the quiet runs.
        assertThat(alerts(p.run(T0.plus(Duration.ofMinutes(40))))).isEmpty();
        assertThat(alerts(p.run(T0.plus(Duration.ofMinutes(64))))).containsExactly("backend stable");
        assertThat(alerts(p.run(T0.plus(Duration.ofMinutes(70))))).containsExactly("backend escalation");
        assertThat(alerts(p.run(T0.plus(Duration.ofMinutes(124))))).containsExactly("backend reminder");
        assertThat(alerts(p.run(T0.plus(Duration.ofHours(5))))).isEmpty();
        assertThat(p.alertLines("alerts.jsonl")).containsExactly("backend down", "backend up", "backend flapping", "backend stable",
                "backend escalation", "backend reminder");
    }

    @Test
    void fiftyEndpointsFailingTogetherAreOneSlackPostAndFiftySnsMessagesAndRecoverTheSameWay() throws Exception {
        try (MotoServer moto = MotoServer.start()) {
            var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
            SnsClient sns = SnsClient.builder().region(Region.US_EAST_1).credentialsProvider(creds).endpointOverride(URI.create(moto.endpoint())).build();
            SqsClient sqs = SqsClient.builder().region(Region.US_EAST_1).credentialsProvider(creds).endpointOverride(URI.create(moto.endpoint())).build();
            String topic = sns.createTopic(b -> b.name("patrol-alerts")).topicArn();
            String queue = sqs.createQueue(b -> b.queueName("alerts-seen")).queueUrl();
            String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queue).attributeNamesWithStrings("QueueArn")).attributesAsStrings().get("QueueArn");
            sns.subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(queueArn));

            StringBuilder endpoints = new StringBuilder();
            for (int i = 1; i <= 50; i++) {
                endpoints.append("    - { name: api-%02d, url: \"%s\", timeout: 2s }\n".formatted(i, service.url("/health")));
            }
            Files.writeString(dir.resolve("patrol.yml"), """
                    name: e2e
                    aws: { region: us-east-1, endpoint: "%s" }
                    alerts:
                      slack: { webhookUrl: "${TEAM_SLACK}" }
                      sns: { topicArn: "%s" }
                    health:
                      endpoints:
                    %s""".formatted(moto.endpoint(), topic, endpoints));
            ClockedPatrol p = new ClockedPatrol(dir, Map.of("AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing",
                    "AWS_REGION", "us-east-1", "TEAM_SLACK", service.url("/slack/hook")));
            assertThat(alerts(p.run(T0))).isEmpty(); // all up: no alerts for a first success
            service.healthStatus.set("unhealthy");

            JsonNode down = p.run(T0.plus(Duration.ofMinutes(5)));
            assertThat(alerts(down)).hasSize(50).allMatch(a -> a.endsWith(" down"));
            assertThat(service.slackPosts).singleElement().asString()
                    .contains("50 endpoints DOWN").contains("api-01").contains("api-50");
            List<Message> published = SqsMessages.drain(sqs, queue, 50);
            assertThat(published).hasSize(50);
            assertThat(published).extracting(Message::body).allMatch(b -> !b.contains("50 endpoints"));

            service.healthStatus.set("healthy");
            JsonNode up = p.run(T0.plus(Duration.ofMinutes(10)));
            assertThat(alerts(up)).hasSize(50).allMatch(a -> a.endsWith(" up"));
            assertThat(service.slackPosts).hasSize(2);
            assertThat(service.slackPosts.get(1)).contains("50 endpoints RECOVERED");
            assertThat(SqsMessages.drain(sqs, queue, 50)).hasSize(50);
        }
    }

    @Test
    void aFlappingEndpointSaysFlappingOnceThenStableOnceNamingWhereItSettled() throws Exception {
        Files.writeString(dir.resolve("patrol.yml"), """
                name: e2e
                alerts:
                  file: alerts.jsonl
                  flapping: { changes: 4, window: 1h }
                health:
                  endpoints:
                    - { name: backend, url: "%s", timeout: 2s }
                """.formatted(service.url("/health")));
        ClockedPatrol p = new ClockedPatrol(dir);
        assertThat(alerts(p.run(T0))).isEmpty();
        // Ten changes, five minutes apart: DOWN, RECOVERED, ... then FLAPPING at the fifth, and quiet.
        assertThat(p.alternate(service, T0, Duration.ofMinutes(5), 10)).containsExactly("backend down", "backend up", "backend down", "backend up", "backend flapping");
        // It stays up (the tenth change): within the hour it is still flapping, after it STABLE, once.
        assertThat(alerts(p.run(T0.plus(Duration.ofMinutes(90))))).isEmpty();
        JsonNode settled = p.run(T0.plus(Duration.ofMinutes(111)));
        assertThat(alerts(settled)).containsExactly("backend stable");
        assertThat(alerts(p.run(T0.plus(Duration.ofMinutes(120))))).isEmpty();

        List<JsonNode> lines = p.fileAlerts("alerts.jsonl");
        assertThat(lines.get(4).path("text").asString()).contains("backend is FLAPPING: it changed state 5 times within 1 h");
        assertThat(lines.get(5).path("text").asString()).contains("backend is STABLE").contains("settled UP");
        assertThat(lines).hasSize(6);
        // A change after it settled alerts as usual again.
        service.healthStatus.set("unhealthy");
        assertThat(alerts(p.run(T0.plus(Duration.ofMinutes(130))))).containsExactly("backend down");
    }

    /** Webhook URLs go in as references, as in production (a literal one must be https://). */
    private Map<String, String> slacks() {
        return Map.of("TEAM_SLACK", service.url("/slack/hook"), "OPS_SLACK", service.url("/slack/ops"));
    }

    private static List<String> channels(JsonNode alert) {
        List<String> out = new ArrayList<>();
        alert.path("channels").forEach(c -> out.add(c.asString()));
        return out;
    }
}
