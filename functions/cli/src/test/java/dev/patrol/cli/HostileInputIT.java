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
    @Test
    void whatTheSweepCouldNotReadIsReportedOnTheConsoleInJsonAndAsSarifNotifications() throws Exception {
        String token = "gh" + "p_" + new dev.patrol.secrets.FakeCredentials(5).alnum(36);
        Path origin = dir.resolve("deals.git");
        try (HistoryBuilder git = new HistoryBuilder(origin)) {
            git.commit("main", "init", Map.of("README.md", "# deals\n"));
            git.commit("main", "dump", Map.of("db/dump.sql", "-- " + token + "\n" + "x".repeat(11 << 20)));
            git.commitEntry("main", "vendor", "vendor/lib", org.eclipse.jgit.lib.FileMode.GITLINK,
                    org.eclipse.jgit.lib.ObjectId.fromString("0123456789abcdef0123456789abcdef01234567"));
        }
        Files.writeString(dir.resolve("patrol.yml"), "name: unread\nalerts: { file: alerts.jsonl }\nsecrets:\n  repos:\n    - { name: deals, url: deals.git }\n");

        PatrolProcess.Result sarif = PatrolProcess.run(dir, Map.of(), "secrets", "scan", "deals.git", "--format", "sarif");
        PatrolProcess.Result json = PatrolProcess.run(dir, Map.of(), "secrets", "scan", "deals.git", "--format", "json");
        PatrolProcess.Result run = PatrolProcess.run(dir, Map.of(), "run", "secrets", "--json");

        assertThat(sarif.exit()).isZero();
        assertThat(sarif.err()).contains("not read: db/dump.sql (commit ").contains("larger than the 10 MB limit")
                .contains("not read: vendor/lib: a submodule");
        JsonNode notes = Json.MAPPER.readTree(sarif.out()).at("/runs/0/invocations/0/toolExecutionNotifications");
        assertThat(notes).extracting(n -> n.at("/descriptor/id").asString()).containsExactly("unread/submodule", "unread/too-large");
        assertThat(notes.get(1).at("/locations/0/physicalLocation/artifactLocation/uri").asString()).isEqualTo("db/dump.sql");
        assertThat(Json.MAPPER.readTree(json.out()).path("unread")).extracting(u -> u.path("path").asString())
                .containsExactly("vendor/lib", "db/dump.sql");
        JsonNode result = CommandLineIT.onlyDocument(run).path("results").get(0);
        assertThat(result.path("message").asString()).contains("2 not read: vendor/lib (submodule), db/dump.sql (too-large)");
        assertThat(result.at("/details/unread")).hasSize(2);

        // A shallow clone made by git itself: the history before its graft was never there to sweep.
        Process clone = new ProcessBuilder("git", "clone", "-q", "--depth", "1", origin.toUri().toString(), dir.resolve("shallow").toString())
                .redirectErrorStream(true).start();
        assertThat(clone.waitFor()).isZero();
        PatrolProcess.Result shallow = PatrolProcess.run(dir, Map.of(), "secrets", "scan", "shallow");
        assertThat(shallow.err()).contains("patrol: warning: a shallow clone: the history before 1 commit was not swept");

        // A folder outside git is swept file by file, with the same limit, and says the same.
        Path folder = Files.createDirectories(dir.resolve("exports"));
        Files.writeString(folder.resolve("big.log"), "x".repeat(11 << 20));
        PatrolProcess.Result files = PatrolProcess.run(dir, Map.of(), "secrets", "scan", "exports");
        assertThat(files.err()).contains("patrol: not read: big.log: larger than the 10 MB limit, not read");
    }
}
