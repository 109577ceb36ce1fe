package dev.patrol.lambda.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The worker's metric line is one CloudWatch embedded-metric document the alarm's metric comes from. */
class BatchMetricsTest {

    @Test
    void aBatchHandedBackToTheQueueIsCountedUnderTheAlarmsNamespaceAndDimension() {
        byte[] event = "{\"Records\":[{\"messageId\":\"a\"},{\"messageId\":\"b\"}]}".getBytes(StandardCharsets.UTF_8);
        JsonNode answer = JsonMapper.shared().readTree("{\"batchItemFailures\":[{\"itemIdentifier\":\"b\"}]}");
        var out = new java.io.ByteArrayOutputStream();

        new BatchMetrics(new java.io.PrintStream(out, true, StandardCharsets.UTF_8))
                .record("acme-worker", BatchMetrics.Counts.of(event, answer), Instant.parse("2026-12-03T08:00:00Z"));

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text.lines()).hasSize(1);
        JsonNode line = JsonMapper.shared().readTree(text);
        JsonNode directive = line.path("_aws").path("CloudWatchMetrics").path(0);
        assertThat(line.path("_aws").path("Timestamp").asLong()).isEqualTo(Instant.parse("2026-12-03T08:00:00Z").toEpochMilli());
        assertThat(directive.path("Namespace").asString()).isEqualTo("Patrol");
        assertThat(directive.path("Dimensions").path(0).path(0).asString()).isEqualTo("FunctionName");
        assertThat(directive.path("Metrics").toString()).contains("\"BatchFailures\"").contains("\"Batches\"");
        assertThat(line.path("FunctionName").asString()).isEqualTo("acme-worker");
        assertThat(line.path("Batches").asInt()).isEqualTo(2);
        assertThat(line.path("BatchFailures").asInt()).isEqualTo(1);
    }

    @Test
    void theTemplatesAlarmWatchesThisMetric() throws Exception {
        JsonNode alarm = tools.jackson.dataformat.yaml.YAMLMapper.shared()
                .readTree(java.nio.file.Files.readString(java.nio.file.Path.of("../../infra/template.yaml")))
                .path("Resources").path("WorkerBatchFailuresAlarm").path("Properties");
        assertThat(alarm.path("Namespace").asString()).isEqualTo(BatchMetrics.NAMESPACE);
        assertThat(alarm.path("MetricName").asString()).isEqualTo("BatchFailures");
        assertThat(alarm.path("Dimensions").path(0).path("Name").asString()).isEqualTo("FunctionName");
        assertThat(alarm.path("Dimensions").path(0).path("Value").path("Fn::Sub").asString()).isEqualTo("${PatrolName}-worker");
    }
}
