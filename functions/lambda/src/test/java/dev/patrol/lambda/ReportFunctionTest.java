package dev.patrol.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.lambda.testing.LambdaHarness;
import dev.patrol.report.GitScript;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The report function through Spring Cloud Function's FunctionInvoker, as Lambda runs it on its schedule (state in memory, output to a folder). */
class ReportFunctionTest {
    @TempDir
    static Path dir;
    static LambdaHarness report;

    @BeforeAll
    static void container() throws Exception {
        GitScript git = new GitScript(dir.resolve("deals"));
        git.at("2026-11-20T09:00:00Z").commit("first", "app.py", "print(1)\n");
        git.git("tag", "v1.0.0");
        git.at("2026-11-21T09:00:00Z").commit("second", "app.py", "print(2)\n");
        git.git("tag", "v1.1.0");
        Path config = dir.resolve("patrol.yml");
        Files.writeString(config, """
                name: acme
                state:
                  table: patrol-state
                health:
                  endpoints:
                    - { name: backend, url: "http://127.0.0.1:9/health", timeout: 1s }
                secrets:
                  repos:
                    - { name: deals, url: "%s" }
                reports:
                  output: "%s"
                """.formatted(git.dir(), dir.resolve("reports")));
        report = LambdaHarness.start("report", Map.of("PATROL_CONFIG", config.toString()));
    }

    @AfterAll
    static void clear() {
        System.clearProperty("PATROL_CONFIG");
    }

    @Test
    void aScheduledEventWritesTheReportAndAnswersWithTheRunDocument() throws Exception {
        ObjectNode event = LambdaHarness.event("eventbridge-scheduled.json").put("id", UUID.randomUUID().toString());

        JsonNode doc = report.invoke(event);

        assertThat(doc.path("job").asString()).isEqualTo("report");
        assertThat(doc.path("results").findValuesAsString("target")).containsExactly("deals", "digest");
        assertThat(doc.path("results").findValuesAsString("status")).containsExactly("ok", "ok");
        JsonNode digest = doc.path("results").get(1).path("details");
        assertThat(Path.of(digest.path("open").asString())).isNotEmptyFile();
        assertThat(dir.resolve("reports/latest/report.json")).isNotEmptyFile();
        assertThat(Files.readString(dir.resolve("reports/latest/report.json"))).contains("\"repo\" : \"deals\"").contains("\"deployments\" : 2");
    }
}
