package dev.patrol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.secrets.FakeCredentials;
import dev.patrol.secrets.GitHttpServer;
import dev.patrol.secrets.HistoryBuilder;
import dev.patrol.state.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Secrets stay secret where Patrol writes them down: a repository password never reaches a
 * clone's config, and a secret that sits in a commit message or a file name as well as in a
 * file is masked in state, alerts, logs and {@code --redact} reports, as {@code strings}
 * over those files shows.
 */
class SecretsLeakIT {
    @TempDir
    Path dir;
    private final FakeCredentials fakes = new FakeCredentials(71);

    /** Every printable run of {@code strings -a} over every file under {@code root}: what a person with read access finds. */
    private static String strings(Path root) throws Exception {
        List<String> files = new ArrayList<>(List.of("strings", "-a", "-n", "6"));
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(Files::isRegularFile).forEach(p -> files.add(p.toString()));
        }
        Process p = new ProcessBuilder(files).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).isZero();
        return out;
    }

    private static void ownerOnly(Path folder) throws IOException {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).as(folder.toString()).isEqualTo("rwx------");
    }

    @Test
    void aPasswordInARepositoryUrlComesFromTheEnvironmentAndIsNeverWrittenToTheClone() throws Exception {
        String password = "pw-" + fakes.alnum(24);
        String awsKey = "AK" + "IA" + fakes.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
        Path served = Files.createDirectories(dir.resolve("srv"));
        try (HistoryBuilder git = new HistoryBuilder(served.resolve("deals.git"));
             GitHttpServer server = GitHttpServer.serve(served, "deploy", password)) {
            git.commit("main", "prod config", Map.of("config/prod.env", "AWS_ACCESS_KEY_ID=" + awsKey + "\n"));
            String url = server.url().replace("http://", "http://deploy:${REPO_PASSWORD}@") + "deals.git";
            Files.writeString(dir.resolve("patrol.yml"), """
                    name: leak
                    alerts: { file: alerts.jsonl }
                    secrets:
                      repos:
                        - { name: deals, url: "%s" }
                    """.formatted(url));
            Map<String, String> env = Map.of("REPO_PASSWORD", password, "PATROL_LOG", "debug");

            PatrolProcess.Result first = PatrolProcess.run(dir, env, "run", "secrets", "--json");
            git.commit("main", "readme", Map.of("README.md", "# deals\n"));
            PatrolProcess.Result second = PatrolProcess.run(dir, env, "run", "secrets", "--json");

            JsonNode cloned = Json.MAPPER.readTree(first.out()).path("results").get(0);
            assertThat(cloned.path("message").asString()).as(first.err()).startsWith("1 open finding: aws-access-key-id in config/prod.env:1");
            JsonNode fetched = Json.MAPPER.readTree(second.out()).path("results").get(0);
            assertThat(fetched.at("/details/sweep").asString()).as(second.err()).isEqualTo("incremental");
            assertThat(fetched.at("/details/commits").asInt()).isEqualTo(1);

            Path state = dir.resolve(".patrol");
            try (Stream<Path> clones = Files.list(state.resolve("clones"))) {
                Path config = clones.filter(Files::isDirectory).findFirst().orElseThrow().resolve("config");
                assertThat(Files.readString(config)).contains("url = " + server.url() + "deals.git").doesNotContain("deploy:");
            }
            assertThat(strings(state) + first.err() + second.err() + Files.readString(dir.resolve("alerts.jsonl")))
                    .doesNotContain(password).doesNotContain(awsKey);
            ownerOnly(state);
            ownerOnly(state.resolve("clones"));
        }
    }

    @Test
    void aSecretInACommitMessageOrAFileNameIsMaskedInStateAlertsLogsAndRedactedReports() throws Exception {
        String awsKey = "AK" + "IA" + fakes.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
        String otherKey = "AK" + "IA" + fakes.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
        String pathToken = "gh" + "p_" + fakes.alnum(36);
        String slackToken = "xo" + "xb-" + fakes.chars("0123456789", 12) + "-" + fakes.chars("0123456789", 13) + "-" + fakes.alnum(24);
        List<String> secrets = List.of(awsKey, otherKey, pathToken, slackToken);
        try (HistoryBuilder git = new HistoryBuilder(dir.resolve("deals.git"))) {
            git.commit("main", "prod config: AWS_ACCESS_KEY_ID=" + awsKey, Map.of("config/prod.env", "AWS_ACCESS_KEY_ID=" + awsKey + "\n"));
            git.commit("main", "bot token", Map.of("keys/" + pathToken + ".env", "SLACK_BOT_TOKEN=" + slackToken + "\n"));
            git.commit("main", "rotate: the old one was " + otherKey, Map.of("README.md", "# deals\n"));
        }
        Files.writeString(dir.resolve("patrol.yml"), """
                name: leak
                alerts: { file: alerts.jsonl }
                secrets:
                  repos:
                    - { name: deals, url: deals.git }
                """);

        PatrolProcess.Result run = PatrolProcess.run(dir, Map.of("PATROL_LOG", "debug"), "run", "secrets", "--json");
        PatrolProcess.Result list = PatrolProcess.run(dir, Map.of(), "findings", "list", "--all", "--json");
        PatrolProcess.Result table = PatrolProcess.run(dir, Map.of(), "findings", "list", "--all");

        assertThat(Json.MAPPER.readTree(run.out()).path("alerts")).hasSize(2);
        assertThat(table.out()).contains("keys/ghp_****.env:1");
        String written = strings(dir.resolve(".patrol")) + Files.readString(dir.resolve("alerts.jsonl"))
                + run.out() + run.err() + list.out() + list.err() + table.out();
        for (String format : List.of("text", "json", "sarif", "gitleaks")) {
            PatrolProcess.Result r = PatrolProcess.run(dir, Map.of(), "secrets", "scan", "deals.git", "--format", format, "--redact");
            assertThat(r.exit()).as(format).isEqualTo(1);
            assertThat(r.out()).as(format).contains("AKIA****").contains("ghp_****");
            written += r.out() + r.err();
        }
        for (String secret : secrets) assertThat(written).doesNotContain(secret);
        // Without --redact a report holds the secrets, as gitleaks' does: it is for the people who rotate them.
        String full = PatrolProcess.run(dir, Map.of(), "secrets", "scan", "deals.git", "--format", "gitleaks").out();
        assertThat(full).contains(awsKey).contains(pathToken).contains(slackToken);
    }

    @Test
    void textAtATerminalShowsAtMostFourCharactersUnlessNoRedactIsGiven() throws Exception {
        String awsKey = "AK" + "IA" + fakes.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
        try (HistoryBuilder git = new HistoryBuilder(dir.resolve("deals.git"))) {
            git.commit("main", "prod config", Map.of("config/prod.env", "AWS_ACCESS_KEY_ID=" + awsKey + "\n"));
        }

        PatrolProcess.Result tty = PatrolProcess.atTerminal(dir, "secrets", "scan", "deals.git");
        PatrolProcess.Result ttyFull = PatrolProcess.atTerminal(dir, "secrets", "scan", "deals.git", "--no-redact");
        PatrolProcess.Result piped = PatrolProcess.run(dir, Map.of(), "secrets", "scan", "deals.git");

        assertThat(tty.exit()).isEqualTo(1);
        assertThat(tty.out()).contains("aws-access-key-id  AKIA****").doesNotContain(awsKey);
        assertThat(ttyFull.out()).contains(awsKey);
        assertThat(piped.out()).contains(awsKey);
    }
}
