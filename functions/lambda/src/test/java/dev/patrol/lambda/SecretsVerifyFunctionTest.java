package dev.patrol.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.lambda.testing.LambdaHarness;
import dev.patrol.report.GitScript;
import dev.patrol.secrets.FakeCredentials;
import dev.patrol.secrets.verify.Endpoint;
import dev.patrol.verify.ProviderStandIn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The secrets function with {@code secrets.verify: true} through Spring Cloud Function's FunctionInvoker, as
 * Lambda runs it on its schedule: a GitHub token in a repository made with git, verified against a loopback
 * stand-in in GitHub's format (no local GitHub API exists) reached through the documented test override.
 */
class SecretsVerifyFunctionTest {
    @TempDir
    static Path dir;
    static ProviderStandIn github;
    static LambdaHarness secrets;
    static String token;
    // The state store is one per JVM, as the table is one per stack: a name of its own keeps this repository's findings apart.
    static final String REPO = "verified-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void container() throws Exception {
        token = "ghp_" + new FakeCredentials(77).alnum(36);
        github = new ProviderStandIn().answer(token, "/user", 200, Map.of("Content-Type", "application/json; charset=utf-8",
                "X-OAuth-Scopes", "repo"), "{\"login\":\"release-bot\",\"id\":583231,\"type\":\"User\"}");
        GitScript git = new GitScript(dir.resolve("deals"));
        git.at("2026-11-20T09:00:00Z").commit("ci", "release.env", "GITHUB_TOKEN=" + token + "\n");
        Path config = dir.resolve("patrol.yml");
        Files.writeString(config, """
                name: acme
                state:
                  table: patrol-state
                secrets:
                  verify: true
                  repos:
                    - { name: %s, url: "%s", severity: P2 }
                """.formatted(REPO, git.dir()));
        secrets = LambdaHarness.start("secrets", Map.of("PATROL_CONFIG", config.toString(), Endpoint.TEST_OVERRIDE, github.url()));
    }

    @AfterAll
    static void clear() {
        System.clearProperty("PATROL_CONFIG");
        System.clearProperty(Endpoint.TEST_OVERRIDE);
        github.close();
    }

    @Test
    void aLiveTokenIsReportedP0OnceAndNotAskedAgainWithinVerifyEvery() {
        JsonNode first = secrets.invoke(LambdaHarness.event("eventbridge-scheduled.json").put("id", UUID.randomUUID().toString()));

        assertThat(first.path("job").asString()).isEqualTo("secrets");
        JsonNode result = first.path("results").get(0);
        assertThat(result.path("message").asString()).startsWith("1 open finding (1 live): github-pat in release.env:1")
                .contains("live: github user release-bot — rotate now (scopes: repo)");
        assertThat(result.at("/details/findings/0/verification/status").asString()).isEqualTo("verified");
        assertThat(result.at("/details/findings/0/verification/identity").asString()).isEqualTo("github user release-bot");
        assertThat(first.path("alerts")).hasSize(1);
        assertThat(first.at("/alerts/0/transition").asString()).isEqualTo("new");
        assertThat(first.at("/alerts/0/severity").asString()).isEqualTo("P0");
        assertThat(github.requests).hasSize(1);

        JsonNode second = secrets.invoke(LambdaHarness.event("eventbridge-scheduled.json").put("id", UUID.randomUUID().toString()));
        assertThat(second.path("alerts")).isEmpty();
        assertThat(second.at("/results/0/details/findings/0/verification/status").asString()).isEqualTo("verified");
        assertThat(github.requests).as("the check of the first run holds for verifyEvery (7d)").hasSize(1);
        assertThat(first.toString() + second).doesNotContain(token);
    }
}
