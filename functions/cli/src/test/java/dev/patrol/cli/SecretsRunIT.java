package dev.patrol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.secrets.FakeCredentials;
import dev.patrol.secrets.HistoryBuilder;
import dev.patrol.state.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The secrets job through {@code patrol run secrets} with embedded state, and {@code patrol findings}, as a user runs them. */
class SecretsRunIT {
    @TempDir
    Path dir;
    private final FakeCredentials fakes = new FakeCredentials(23);

    private PatrolProcess.Result patrol(String... args) throws Exception {
        PatrolProcess.Result r = PatrolProcess.run(dir, Map.of(), args);
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        return r;
    }

    private JsonNode runSecrets() throws Exception {
        PatrolProcess.Result r = patrol("run", "secrets", "--json");
        return Json.MAPPER.readTree(r.out());
    }

    private static List<String> alerts(JsonNode run) {
        List<String> out = new ArrayList<>();
        run.path("alerts").forEach(a -> {
            assertThat(a.path("delivered").asBoolean()).isTrue();
            out.add(a.path("target").asString() + " " + a.path("transition").asString());
        });
        return out;
    }

    /** A repository deals.git whose one commit holds an AWS key, and a patrol.yml that sweeps it into alerts.jsonl; the key. */
    static String oneLeakedKey(Path dir, FakeCredentials fakes) throws Exception {
        String awsKey = "AK" + "IA" + fakes.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
        try (HistoryBuilder git = new HistoryBuilder(dir.resolve("deals.git"))) {
            git.commit("main", "prod config", Map.of("config/prod.env", "AWS_ACCESS_KEY_ID=" + awsKey + "\n"));
        }
        Files.writeString(dir.resolve("patrol.yml"), """
                alerts: { file: alerts.jsonl }
                secrets:
                  repos:
                    - { name: deals, url: deals.git }
                """);
        return awsKey;
    }

    @Test
    void aFindingFirstSeenByANoAlertsRunIsAnnouncedByTheNextRunOnce() throws Exception {
        String awsKey = oneLeakedKey(dir, fakes);

        JsonNode quiet = Json.MAPPER.readTree(patrol("run", "secrets", "--json", "--no-alerts").out());
        assertThat(quiet.path("alerts")).singleElement().satisfies(a -> {
            assertThat(a.path("transition").asString()).isEqualTo("new");
            assertThat(a.path("delivered").asBoolean()).as("held back, not dropped").isFalse();
        });
        assertThat(Files.exists(dir.resolve("alerts.jsonl"))).as("--no-alerts sends nothing").isFalse();

        assertThat(alerts(runSecrets())).containsExactly("deals new");
        assertThat(alerts(runSecrets())).as("announced once").isEmpty();
        assertThat(Files.readAllLines(dir.resolve("alerts.jsonl"))).singleElement().asString()
                .contains("\"transition\":\"new\"").doesNotContain(awsKey);
    }

    @Test
    void newFindingsAlertOnceTheNextRunReadsOnlyNewCommitsAndIgnoredFindingsStayQuiet() throws Exception {
        String awsKey = "AK" + "IA" + fakes.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
        String slackToken = "xo" + "xb-" + fakes.chars("0123456789", 12) + "-" + fakes.chars("0123456789", 13) + "-" + fakes.alnum(24);
        String npmToken = "np" + "m_" + fakes.alnum(36);
        try (HistoryBuilder git = new HistoryBuilder(dir.resolve("deals.git"))) {
            git.commit("main", "prod config", Map.of("config/prod.env", "AWS_ACCESS_KEY_ID=" + awsKey + "\n"));
            git.commit("main", "key to the vault", Map.of("config/prod.env", "AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID}\n"));
            git.commit("main", "bot", Map.of("bot/.env", "SLACK_BOT_TOKEN=" + slackToken + "\n"));
            Files.writeString(dir.resolve("patrol.yml"), """
                    name: e2e
                    alerts: { file: alerts.jsonl }
                    secrets:
                      repos:
                        - { name: deals, url: deals.git, severity: P0 }
                    """);

            JsonNode first = runSecrets();

            JsonNode result = first.path("results").get(0);
            assertThat(result.path("kind").asString()).isEqualTo("repo");
            assertThat(result.path("status").asString()).isEqualTo("fail");
            assertThat(result.path("severity").asString()).isEqualTo("P0");
            assertThat(result.path("message").asString()).startsWith("2 open findings: aws-access-key-id in config/prod.env:1 (AKIA****)");
            assertThat(result.at("/details/sweep").asString()).isEqualTo("full");
            assertThat(alerts(first)).containsExactly("deals new", "deals new");

            git.commit("main", "publish", Map.of(".npmrc", "//registry.npmjs.org/:_authToken=" + npmToken + "\n"));
            JsonNode second = runSecrets();

            assertThat(second.path("results").get(0).at("/details/sweep").asString()).isEqualTo("incremental");
            assertThat(second.path("results").get(0).at("/details/commits").asInt()).isEqualTo(1);
            assertThat(alerts(second)).containsExactly("deals new");

            PatrolProcess.Result listed = patrol("findings", "list", "--json");
            assertThat(listed.exit()).isEqualTo(1);
            JsonNode findings = Json.MAPPER.readTree(listed.out()).path("findings");
            assertThat(findings).extracting(f -> f.path("ruleId").asString())
                    .containsExactly("aws-access-key-id", "slack-bot-token", "npm-access-token");
            String npm = findings.get(2).path("fingerprint").asString();

            PatrolProcess.Result unknown = patrol("findings", "ignore", "ptl_0000", "--reason", "typo");
            assertThat(unknown.exit()).isEqualTo(2);
            assertThat(unknown.err()).contains("no finding ptl_0000 in deals").contains("findings list --all");
            PatrolProcess.Result ignored = patrol("findings", "ignore", npm, "--reason", "read-only token of a test registry");
            assertThat(ignored.exit()).isZero();
            assertThat(ignored.out()).contains("ignored: npm-access-token in deals at .npmrc:1");

            git.commit("main", "readme", Map.of("README.md", "# deals\n"));
            JsonNode third = runSecrets();
            assertThat(alerts(third)).isEmpty();
            assertThat(third.path("results").get(0).path("message").asString()).startsWith("2 open findings");

            PatrolProcess.Result table = patrol("findings", "list", "--all");
            assertThat(table.out()).contains("FINGERPRINT").contains(npm).contains("ignored (read-only token of a test registry)")
                    .contains("history only").contains("config/prod.env:1");

            String alertFile = Files.readString(dir.resolve("alerts.jsonl"));
            assertThat(alertFile.lines()).hasSize(3).allMatch(l -> l.contains("\"transition\":\"new\""));
            assertThat(alertFile).contains("only in history").contains("rotate it: removing it from the tree does not remove it from history")
                    .contains("still in the current tree");
            for (String secret : List.of(awsKey, slackToken, npmToken)) {
                assertThat(alertFile + listed.out() + table.out() + first + second + third).doesNotContain(secret);
            }
        }
    }

    @Test
    void aRepositoryThatCannotBeSweptGoesDownOnceAndRecoversWhenItCanAgain() throws Exception {
        String awsKey = oneLeakedKey(dir, fakes);
        assertThat(alerts(runSecrets())).containsExactly("deals new");

        // The repository moved (or its token expired): the sweep can no longer read it, and says so once.
        Files.move(dir.resolve("deals.git"), dir.resolve("moved.git"));
        JsonNode gone = runSecrets();
        assertThat(gone.path("results").get(0).path("status").asString()).isEqualTo("error");
        assertThat(alerts(gone)).containsExactly("deals down");
        assertThat(alerts(runSecrets())).as("said once while it stays unreadable").isEmpty();

        Files.move(dir.resolve("moved.git"), dir.resolve("deals.git"));
        assertThat(alerts(runSecrets())).containsExactly("deals up");
        assertThat(alerts(runSecrets())).isEmpty();

        List<String> lines = Files.readAllLines(dir.resolve("alerts.jsonl"));
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).contains("repo deals is DOWN").contains("deals.git").doesNotContain(awsKey);
        assertThat(String.join("\n", lines)).doesNotContain(awsKey);
    }
}
