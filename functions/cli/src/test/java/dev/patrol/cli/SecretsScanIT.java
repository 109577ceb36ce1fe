package dev.patrol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.secrets.FakeCredentials;
import dev.patrol.secrets.HistoryBuilder;
import dev.patrol.state.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code patrol secrets scan} as a user or a CI step runs it: no patrol.yml, no
 * state, a repository given by path, each report format, and the exit codes.
 */
class SecretsScanIT {
    @TempDir
    static Path dir;
    static Path repo;
    static String awsKey;
    static String githubToken;
    static String leakCommit;

    /** An AWS key committed and removed again (history only), and a GitHub token still in the tree. */
    @BeforeAll
    static void history() throws Exception {
        FakeCredentials fakes = new FakeCredentials(7);
        awsKey = "AK" + "IA" + fakes.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
        githubToken = "gh" + "p_" + fakes.alnum(36);
        repo = dir.resolve("deals.git");
        try (HistoryBuilder git = new HistoryBuilder(repo)) {
            git.commit("main", "init", Map.of("README.md", "# deals\n"));
            leakCommit = git.commit("main", "prod config", Map.of("config/prod.env", "REGION=us-east-1\nAWS_ACCESS_KEY_ID=" + awsKey + "\n"));
            git.commit("main", "key to the vault", Map.of("config/prod.env", "REGION=us-east-1\n"));
            git.commit("main", "release", Map.of("ci/release.sh", "#!/bin/sh\nexport GITHUB_TOKEN=" + githubToken + "\n"));
        }
    }

    private static PatrolProcess.Result scan(String... args) throws Exception {
        List<String> all = new java.util.ArrayList<>(List.of("secrets", "scan"));
        all.addAll(List.of(args));
        PatrolProcess.Result r = PatrolProcess.run(dir, Map.of(), all.toArray(String[]::new));
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        return r;
    }

    @Test
    void gitleaksReportHasGitleaksFieldNamesAndTheSecretAndExitsOne() throws Exception {
        PatrolProcess.Result r = scan(repo.toString(), "--format", "gitleaks");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("2 secrets found");
        JsonNode report = Json.MAPPER.readTree(r.out());
        assertThat(report).hasSize(2);
        JsonNode aws = report.get(0);
        assertThat(aws.propertyNames()).containsExactlyInAnyOrder("RuleID", "Description", "File", "StartLine", "EndLine",
                "StartColumn", "EndColumn", "Match", "Secret", "Commit", "Author", "Email", "Date", "Message", "Entropy",
                "Fingerprint", "Tags");
        assertThat(aws.path("RuleID").asString()).isEqualTo("aws-access-key-id");
        assertThat(aws.path("File").asString()).isEqualTo("config/prod.env");
        assertThat(aws.path("StartLine").asInt()).isEqualTo(2);
        assertThat(aws.path("Commit").asString()).isEqualTo(leakCommit);
        assertThat(aws.path("Secret").asString()).isEqualTo(awsKey);
        assertThat(aws.path("Fingerprint").asString()).isEqualTo(leakCommit + ":config/prod.env:aws-access-key-id:2");
        assertThat(report.get(1).path("Secret").asString()).isEqualTo(githubToken);
    }

    @Test
    void sarifHasRulesLocationsFingerprintsAndCommitPropertiesAndRedactHidesTheSecrets() throws Exception {
        PatrolProcess.Result r = scan(repo.toString(), "--format", "sarif", "--redact", "--output", "out/report.sarif");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        String text = Files.readString(dir.resolve("out/report.sarif"));
        assertThat(text).doesNotContain(awsKey).doesNotContain(githubToken).contains("AKIA****");
        JsonNode sarif = Json.MAPPER.readTree(text);
        assertThat(sarif.path("version").asString()).isEqualTo("2.1.0");
        JsonNode run = sarif.path("runs").get(0);
        assertThat(run.at("/tool/driver/rules")).extracting(n -> n.path("id").asString()).containsExactly("aws-access-key-id", "github-pat");
        JsonNode result = run.path("results").get(0);
        assertThat(result.path("ruleId").asString()).isEqualTo("aws-access-key-id");
        assertThat(result.at("/locations/0/physicalLocation/artifactLocation/uri").asString()).isEqualTo("config/prod.env");
        assertThat(result.at("/locations/0/physicalLocation/region/startLine").asInt()).isEqualTo(2);
        assertThat(result.at("/partialFingerprints/patrolFingerprint~1v1").asString()).startsWith("ptl_");
        assertThat(result.at("/properties/commit").asString()).isEqualTo(leakCommit);
        assertThat(result.at("/properties/author").asString()).isEqualTo("Dana Dev");
        assertThat(result.at("/properties/date").asString()).startsWith("2025-01-06T");
    }

    @Test
    void redactHidesTheSecretsInTextJsonAndGitleaksReports() throws Exception {
        PatrolProcess.Result text = scan(repo.toString(), "--redact");
        assertThat(text.exit()).isEqualTo(1);
        assertThat(text.out()).contains("aws-access-key-id  AKIA****  (only in history)").contains("config/prod.env:2")
                .contains("github-pat  ghp_****  (still in the current tree)").contains("2 secret(s) found");
        for (String format : List.of("json", "gitleaks")) {
            PatrolProcess.Result r = scan(repo.toString(), "--format", format, "--redact");
            assertThat(r.out()).as(format).doesNotContain(awsKey).doesNotContain(githubToken).contains("AKIA****").contains("ghp_****");
        }
        assertThat(text.out()).doesNotContain(awsKey).doesNotContain(githubToken);
    }

    @Test
    void aBaselineOfTheLastReportLeavesNothingNewAndACleanRepositoryExitsZero() throws Exception {
        assertThat(scan(repo.toString(), "--format", "json", "--output", "baseline.json").exit()).isEqualTo(1);

        PatrolProcess.Result again = scan(repo.toString(), "--baseline", "baseline.json");

        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("no leaks found");
    }

    @Test
    void aBrokenRulesFileIsAUsageErrorNamingTheFileAndLine() throws Exception {
        Files.writeString(dir.resolve("team.toml"), "[[rules]]\nid = \"acme\"\nregex = '''acme_(unclosed'''\n");

        PatrolProcess.Result r = scan(repo.toString(), "--rules", "team.toml");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("--rules: team.toml:3").contains("acme").contains("invalid regex");
    }

    @Test
    void aRepositoryThatCannotBeReachedExitsThreeAndAMissingPathOrAnSshAddressTwo() throws Exception {
        PatrolProcess.Result url = scan("http://127.0.0.1:9/acme/deals.git");
        assertThat(url.exit()).isEqualTo(3);
        assertThat(url.err()).contains("cannot clone http://127.0.0.1:9/acme/deals.git").contains("check the URL");
        // Not a bug in Patrol: a script reading --json is told the repository could not be reached.
        PatrolProcess.Result urlJson = scan("http://127.0.0.1:9/acme/deals.git", "--format", "json");
        assertThat(urlJson.exit()).isEqualTo(3);
        JsonNode error = CommandLineIT.onlyDocument(urlJson).path("error");
        assertThat(error.path("kind").asString()).isEqualTo("repo");
        assertThat(error.path("exitCode").asInt()).isEqualTo(3);
        assertThat(error.path("message").asString()).contains("cannot clone http://127.0.0.1:9/acme/deals.git");

        // JGit without an SSH session factory used to answer with its own null ("this.sch" is null).
        PatrolProcess.Result ssh = scan("git@github.com:acme/deals.git");
        assertThat(ssh.exit()).isEqualTo(2);
        assertThat(ssh.err()).contains("git@github.com:acme/deals.git is an SSH address")
                .contains("write it as https://github.com/acme/deals.git").doesNotContain("null").doesNotContain("SshSessionFactory");

        // A password for plain http to another machine would be readable on every hop: refused, and not repeated.
        PatrolProcess.Result clear = scan("http://ci:hunter2@git.acme.example/ops/deals.git");
        assertThat(clear.exit()).isEqualTo(2);
        assertThat(clear.err()).contains("http://git.acme.example/ops/deals.git is http://, so its password would cross the network in clear")
                .contains("write it as https://git.acme.example/ops/deals.git").doesNotContain("hunter2");

        PatrolProcess.Result path = scan(dir.resolve("no-such-repo").toString());
        assertThat(path.exit()).isEqualTo(2);
        assertThat(path.err()).contains("no-such-repo");
    }

    /**
     * JGit looks for git's system config by running {@code git}; a sweep needs none of it, and
     * the two subprocesses cost a quarter of a second. A {@code git} first on PATH that leaves
     * a mark shows whether the scan ran one.
     */
    @Test
    void aScanRunsNoGitProgram() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("fake-bin"));
        Path mark = dir.resolve("git-was-run");
        Path git = bin.resolve("git");
        Files.writeString(git, "#!/bin/sh\necho \"$@\" >> '" + mark + "'\nexit 1\n");
        git.toFile().setExecutable(true);

        PatrolProcess.Result r = PatrolProcess.run(dir, Map.of("PATH", bin + ":" + System.getenv("PATH")),
                "secrets", "scan", repo.toString(), "--redact");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("aws-access-key-id");
        assertThat(mark).doesNotExist();
    }

    /**
     * A repository swept by URL over smart HTTP (git's http-backend; the clone's blobs are examined
     * as they arrive) gives the very report a sweep of the same repository on disk gives: the
     * same findings, commits, lines and current-tree marks, byte for byte.
     */
    @Test
    void aSweepByUrlReportsExactlyWhatASweepOfTheSameRepositoryOnDiskReports() throws Exception {
        FakeCredentials fakes = new FakeCredentials(31);
        Path served = dir.resolve("served");
        java.util.Random random = new java.util.Random(31);
        List<String> lines = new java.util.ArrayList<>();
        List<String> planted = new java.util.ArrayList<>();
        fakes.everyKind().forEach(p -> planted.add(p.text()));
        planted.addAll(fakes.decoys());
        try (HistoryBuilder git = new HistoryBuilder(served.resolve("ledger.git"))) {
            // One file edited over many commits, so that the server sends deltas of deltas; secrets come and go.
            for (int c = 0; c < 60; c++) {
                int at = lines.isEmpty() ? 0 : random.nextInt(lines.size() + 1);
                if (random.nextInt(4) == 0 && !lines.isEmpty()) lines.remove(random.nextInt(lines.size()));
                else lines.add(Math.min(at, lines.size()), random.nextInt(5) == 0 ? planted.get(random.nextInt(planted.size())) : "entry " + c + " = ok");
                Map<String, String> change = new java.util.HashMap<>(Map.of("ledger/config.yml", String.join("\n", lines) + "\n"));
                if (c % 20 == 0) change.put("assets/blob" + c + ".bin", "\0\1 token=" + fakes.alnum(24));
                git.commit(c % 3 == 0 ? "release" : "main", "change " + c, change);
            }
            git.repository().updateRef(org.eclipse.jgit.lib.Constants.HEAD).link("refs/heads/main"); // the default branch's tree is "current"
        }
        try (dev.patrol.secrets.GitHttpServer server = dev.patrol.secrets.GitHttpServer.serve(served, "ci", "pw")) {
            PatrolProcess.Result byUrl = scan(server.url().replace("http://", "http://ci:pw@") + "ledger.git", "--format", "json");
            PatrolProcess.Result onDisk = scan(served.resolve("ledger.git").toString(), "--format", "json");

            assertThat(onDisk.exit()).as(onDisk.err()).isEqualTo(1);
            assertThat(Json.MAPPER.readTree(onDisk.out()).path("findings").size()).isGreaterThan(3);
            assertThat(byUrl.exit()).as(byUrl.err()).isEqualTo(1);
            assertThat(onDisk.out()).contains("\"inCurrentTree\" : true");
            assertThat(byUrl.out()).isEqualTo(onDisk.out());
        }
    }
}
