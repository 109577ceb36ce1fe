package dev.patrol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.secrets.HistoryBuilder;
import dev.patrol.state.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Odd and hostile input through the real {@code patrol} command: each gets a clear answer, and none rewrites what a person reads. */
class HostileInputIT {
    @TempDir
    Path dir;
    /** A backend and a Slack receiver on loopback, closed after the class. */
    static TestService service;

    @BeforeAll
    static void start() throws Exception {
        service = new TestService();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void controlCharactersFromAServerAreShownEscapedOnTheConsoleAndInSlackWhoseFieldsAreNotRepeated() throws Exception {
        // A JSON answer whose status erases the line (ESC [2K), returns the cursor and prints a fake ✓ line.
        service.healthStatus.set("degraded\\u001b[2K\\r  ✓ backend  all good\\nnext");
        Files.writeString(dir.resolve("patrol.yml"), """
                name: hostile
                alerts:
                  slack: { webhookUrl: "${E2E_SLACK}" }
                health:
                  endpoints:
                    - name: backend
                      url: %s
                      expect: ["body.status == healthy"]
                      failAfter: 1
                """.formatted(service.url("/health")));

        PatrolProcess.Result r = PatrolProcess.run(dir, Map.of("E2E_SLACK", service.url("/slack/hook")), "run", "health");

        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).doesNotContain("\u001b").doesNotContain("\r").contains("degraded\\e[2K");
        assertThat(r.out().lines().filter(l -> l.contains("all good"))).hasSize(1).allMatch(l -> l.contains("\\e[2K"));
        assertThat(service.slackPosts).hasSize(1);
        JsonNode post = Json.MAPPER.readTree(service.slackPosts.getFirst());
        assertThat(post.toString()).contains("degraded\\\\e[2K");
        post.findValues("text").stream().filter(JsonNode::isString).forEach(t -> assertThat(t.asString()).doesNotContain("\u001b").doesNotContain("\r"));
        List<String> fieldNames = new ArrayList<>();
        post.path("blocks").forEach(b -> b.path("fields").forEach(f -> fieldNames.add(f.path("text").asString().lines().findFirst().orElse("").toLowerCase())));
        assertThat(fieldNames).contains("*severity*", "*kind*").doesNotHaveDuplicates();
    }

    @Test
    void anS3FreshnessCheckWithoutARegionIsThatTargetsErrorAndTheOthersRun() throws Exception {
        service.healthStatus.set("healthy");
        Path data = Files.writeString(dir.resolve("tracker.csv"), "a,b\n");
        Files.writeString(dir.resolve("patrol.yml"), """
                name: regions
                alerts: { file: alerts.jsonl }
                health:
                  endpoints:
                    - { name: backend, url: "%s", expect: ["status == 200"] }
                  freshness:
                    - { name: lake, object: "s3://acme-data/pipeline/tracker.csv", maxAge: 26h }
                    - { name: tracker, object: "%s", maxAge: 26h }
                """.formatted(service.url("/health"), data));
        // No region anywhere: not in the config, the environment or a profile.
        Map<String, String> env = Map.of("AWS_CONFIG_FILE", dir.resolve("none").toString(), "AWS_SHARED_CREDENTIALS_FILE",
                dir.resolve("none").toString(), "AWS_REGION", PatrolProcess.UNSET, "AWS_DEFAULT_REGION", PatrolProcess.UNSET);

        PatrolProcess.Result validate = PatrolProcess.run(dir, env, "config", "validate");
        PatrolProcess.Result run = PatrolProcess.run(dir, env, "run", "health", "--json");

        assertThat(validate.exit()).isZero();
        assertThat(validate.err()).contains("warning").contains("no AWS region is set").contains("aws.region");
        JsonNode doc = CommandLineIT.onlyDocument(run);
        Map<String, JsonNode> byTarget = new java.util.HashMap<>();
        doc.path("results").forEach(x -> byTarget.put(x.path("target").asString(), x));
        assertThat(byTarget).containsOnlyKeys("backend", "lake", "tracker");
        assertThat(byTarget.get("backend").path("status").asString()).isEqualTo("ok");
        assertThat(byTarget.get("tracker").path("status").asString()).isEqualTo("ok");
        assertThat(byTarget.get("lake").path("status").asString()).isEqualTo("error");
        assertThat(byTarget.get("lake").path("message").asString()).contains("region").contains("aws.region").doesNotContain("Exception");
        assertThat(run.err()).doesNotContain("internal error");
    }
    @Test
    void aRegexTheEngineCannotCompileWithinBoundsIsAConfigErrorNamingTheFileTheRuleAndTheLine() throws Exception {
        try (HistoryBuilder git = new HistoryBuilder(dir.resolve("deals.git"))) {
            git.commit("main", "init", Map.of("README.md", "# deals\n"));
        }
        Files.writeString(dir.resolve("nested.toml"), "title = \"team\"\n[[rules]]\nid = \"acme-key\"\nregex = '''([a-z0-9]{1,1000}){1,1000}Z'''\n");
        Files.writeString(dir.resolve("patrol.yml"), """
                name: rules
                secrets:
                  rules: nested.toml
                  repos:
                    - { name: deals, url: deals.git }
                """);

        PatrolProcess.Result scan = PatrolProcess.run(dir, Map.of(), "secrets", "scan", "deals.git", "--rules", "nested.toml");
        PatrolProcess.Result validate = PatrolProcess.run(dir, Map.of(), "config", "validate");

        for (PatrolProcess.Result r : List.of(scan, validate)) {
            assertThat(r.exit()).as(r.err()).isEqualTo(2);
            assertThat(r.err()).contains("nested.toml:4").contains("acme-key").contains("limit of 1000")
                    .doesNotContain("StackOverflow").doesNotContain("internal error");
        }
    }
}
