package dev.patrol.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.patrol.report.scorecard.PatrolFacts;
import dev.patrol.report.scorecard.RepoContent;
import dev.patrol.report.scorecard.Scorecard;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The maturity card of a well-kept and of a bare repository, both made with real git: every score and its evidence. */
class ScorecardTest {
    static final Instant NOW = Instant.parse("2026-11-30T00:00:00Z");
    static final String SHA = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path tmp;

    private static Scorecard card(Path dir, PatrolFacts facts) throws Exception {
        try (Repository repo = new FileRepositoryBuilder().findGitDir(dir.toFile()).build(); RepoContent content = RepoContent.read(repo, NOW)) {
            return Scorecard.of(Scorecard.standard(), content, facts);
        }
    }

    private static Map<String, Scorecard.CheckScore> checks(Scorecard card) {
        return card.categories().stream().flatMap(c -> c.checks().stream()).collect(Collectors.toMap(Scorecard.CheckScore::id, Function.identity()));
    }

    private static Map<String, Double> categories(Scorecard card) {
        return card.categories().stream().filter(c -> c.score() != null)
                .collect(Collectors.toMap(Scorecard.CategoryScore::id, Scorecard.CategoryScore::score));
    }

    @Test
    void aWellKeptRepositoryScoresHighWithEvidenceForEveryScore() throws Exception {
        GitScript git = new GitScript(tmp.resolve("kept"));
        git.git("config", "gpg.format", "ssh");
        Path key = tmp.resolve("signing");
        new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()).start().waitFor();
        git.git("config", "user.signingkey", key.toString());
        git.write(".github/workflows/ci.yml", """
                name: ci
                on: [push, pull_request]
                permissions:
                  contents: read
                jobs:
                  build:
                    runs-on: ubuntu-latest
                    steps:
                      - uses: actions/checkout@%s
                      - uses: github/codeql-action/init@%s
                      - run: ./mvnw -B verify
                """.formatted(SHA, SHA));
        git.write("Dockerfile", "FROM eclipse-temurin:21@sha256:" + "ab".repeat(32) + "\nCOPY app.jar /app.jar\n");
        git.write("template.yaml", "AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\n");
        git.write("src/main/java/App.java", "class App {}\n").write("src/test/java/AppTest.java", "class AppTest {}\n");
        git.write(".editorconfig", "root = true\n").write(".pre-commit-config.yaml", "repos: []\n");
        git.write(".github/dependabot.yml", "version: 2\n").write("SECURITY.md", "# Security\nMail security@acme.example\n");
        git.write("LICENSE", "MIT\n").write("CHANGELOG.md", "# 1.0.0\n").write("package.json", "{}\n").write("package-lock.json", "{}\n");
        git.at("2026-06-01T09:00:00Z").commitAll("start");
        Instant t = Instant.parse("2026-08-20T09:00:00Z");
        for (int i = 0; i < 15; i++) {
            git.at(t.plus(7L * i, ChronoUnit.DAYS).toString());
            if (i < 7) git.git("commit", "-q", "-S", "--allow-empty", "-m", "week " + i); // 7 signed, 8 not, plus the first
            else git.commitAll("week " + i);
        }
        git.at("2026-11-20T10:00:00Z").git("tag", "-a", "v1.0.0", "-m", "1.0.0");

        PatrolFacts facts = new PatrolFacts(true, List.of(), List.of(new PatrolFacts.Service("backend", "endpoint", "up", 1000, 1),
                new PatrolFacts.Service("crm-sync", "heartbeat", "up", 0, 0)), List.of(new PatrolFacts.BackupSet("pipeline-csv", "up", "ok")));
        Scorecard card = card(git.dir(), facts);
        Map<String, Scorecard.CheckScore> c = checks(card);

        assertThat(c.get("ci-config").score()).isEqualTo(10);
        assertThat(c.get("ci-config").evidence()).containsExactly("GitHub Actions: .github/workflows/ci.yml");
        assertThat(c.get("pinned-dependencies").score()).isEqualTo(10);
        assertThat(c.get("pinned-dependencies").evidence()).containsExactly("3 of 3 pinned (actions by SHA, images by digest)");
        assertThat(c.get("token-permissions").evidence()).containsExactly(".github/workflows/ci.yml:3 permissions:");
        assertThat(c.get("dangerous-workflow").score()).isEqualTo(10);
        assertThat(c.get("sast").evidence()).containsExactly(".github/workflows/ci.yml:10 - uses: github/codeql-action/init@" + SHA);
        assertThat(c.get("tests").evidence()).first().isEqualTo("1 test files of 2 code files (50%)");
        assertThat(c.get("tests").score()).isEqualTo(10);
        assertThat(c.get("ci-tests").evidence()).containsExactly(".github/workflows/ci.yml:11 - run: ./mvnw -B verify");
        assertThat(c.get("security-policy").evidence()).containsExactly("SECURITY.md (3 lines)");
        assertThat(c.get("lockfiles").evidence()).containsExactly("npm: package.json locked by package-lock.json");
        assertThat(c.get("activity").score()).isEqualTo(10);
        assertThat(c.get("activity").evidence()).containsExactly("13 commits in the last 90 days (10 takes 13, one a week)", "last commit 2026-11-26");
        assertThat(c.get("signed-commits").evidence()).containsExactly("7 of the last 16 commits signed", "0 of 1 annotated tags signed");
        assertThat(c.get("signed-commits").score()).isEqualTo(4); // 7 of 16
        assertThat(c.get("container-iac").evidence()).containsExactly("container build: Dockerfile", "infrastructure as code: template.yaml");
        assertThat(c.get("release-tags").evidence()).containsExactly("1 version tags, 1 in the last 90 days", "newest v1.0.0 on 2026-11-20");
        assertThat(c.get("uptime").evidence()).first().isEqualTo("99.90% of 1000 checks passed");
        assertThat(c.get("health-monitoring").score()).isEqualTo(10);
        assertThat(c.get("backups-verified").evidence()).containsExactly("pipeline-csv: verified (ok)");
        assertThat(c.values()).allSatisfy(s -> assertThat(s.score()).as(s.id()).isEqualTo(s.id().equals("signed-commits") ? 4 : 10));

        assertThat(categories(card)).containsEntry("version-control", 7.0).containsEntry("ci-cd", 10.0).containsEntry("security", 10.0);
        assertThat(card.score()).isEqualTo(96); // (15 × 0.7 + 85) / 100
        assertThat(card.band()).isEqualTo("optimized");
        assertThat(card.leftOut()).isEmpty();
    }

    @Test
    void aBareRepositoryScoresLowAndWhatCouldNotBeJudgedIsLeftOutNotZero() throws Exception {
        GitScript git = new GitScript(tmp.resolve("bare"));
        git.write("README.md", "hello\n").writeBytes("lib/tool.jar", new byte[] {'P', 'K', 3, 4, 0, 0, 0, 1});
        git.at("2026-11-20T09:00:00Z").commitAll("first");

        Scorecard card = card(git.dir(), PatrolFacts.none());
        Map<String, Scorecard.CheckScore> c = checks(card);

        assertThat(c.get("activity").score()).isNull();
        assertThat(c.get("activity").reason()).isEqualTo("the first commit is from 2026-11-20, less than 90 days ago");
        assertThat(c.get("ci-config").score()).isZero();
        assertThat(c.get("binary-artifacts").score()).isEqualTo(9);
        assertThat(c.get("binary-artifacts").evidence()).containsExactly("lib/tool.jar is a committed binary");
        assertThat(c.get("license").evidence()).containsExactly("no license file found");
        assertThat(card.leftOut()).extracting(Scorecard.LeftOut::check).containsExactlyInAnyOrder("activity", "pinned-dependencies",
                "token-permissions", "dangerous-workflow", "tests", "lockfiles", "open-secret-findings", "uptime");
        assertThat(categories(card)).containsEntry("version-control", 0.0).containsEntry("security", 1.8).containsEntry("backup-dr", 0.0);
        assertThat(card.score()).isEqualTo(3);
        assertThat(card.band()).isEqualTo("manual");
        assertThat(card.categories()).extracting(Scorecard.CategoryScore::id, Scorecard.CategoryScore::weight).containsExactly(
                tuple("version-control", 15), tuple("ci-cd", 20), tuple("automated-testing", 15), tuple("code-quality", 10),
                tuple("security", 15), tuple("monitoring", 10), tuple("deployment-automation", 10), tuple("backup-dr", 5));
    }

    @Test
    void theNewestOfTwoReleaseTagsOnOneCommitIsTheHigherVersion() throws Exception {
        GitScript git = new GitScript(tmp.resolve("tags"));
        git.write("README.md", "hello\n");
        git.at("2026-11-20T09:00:00Z").commitAll("first");
        for (String tag : List.of("v1.9.0", "v1.10.0", "v1.0.1")) git.git("tag", tag);

        Scorecard.CheckScore tags = checks(card(git.dir(), PatrolFacts.none())).get("release-tags");

        assertThat(tags.evidence()).containsExactly("3 version tags, 3 in the last 90 days", "newest v1.10.0 on 2026-11-20");
    }

    @Test
    void dangerousWorkflowsAreNamedByLineAndACredentialInThemIsRedacted() throws Exception {
        String token = "gh" + "p_" + new dev.patrol.secrets.FakeCredentials(7).alnum(36);
        GitScript git = new GitScript(tmp.resolve("risky"));
        git.write(".github/workflows/triage.yml", """
                on: pull_request_target
                jobs:
                  triage:
                    runs-on: ubuntu-latest
                    steps:
                      - uses: actions/checkout@v4
                        with:
                          ref: ${{ github.event.pull_request.head.sha }}
                      - run: |
                          echo "${{ github.event.issue.title }}"
                          curl -H "Authorization: token %s" "https://api.github.com/issues/${{ github.event.issue.number }}"
                """.formatted(token));
        git.at("2026-11-20T09:00:00Z").commitAll("triage");
        Map<String, Scorecard.CheckScore> c = checks(card(git.dir(), PatrolFacts.none()));

        assertThat(c.get("dangerous-workflow").score()).isZero();
        List<String> dangerous = c.get("dangerous-workflow").evidence();
        assertThat(dangerous).hasSize(3);
        assertThat(dangerous.get(0)).isEqualTo(
                ".github/workflows/triage.yml:8 ref: ${{ github.event.pull_request.head.sha }} (pull_request_target checks out the pull request's code)");
        assertThat(dangerous.get(1)).isEqualTo(".github/workflows/triage.yml:10 echo \"${{ github.event.issue.title }}\" (event data in a run script)");
        assertThat(dangerous.get(2)).startsWith(".github/workflows/triage.yml:11 curl -H \"Authorization: token ghp_")
                .doesNotContain(token).endsWith("(event data in a run script)");
        assertThat(c.get("token-permissions").score()).isZero();
        assertThat(c.get("pinned-dependencies").evidence()).containsExactly("0 of 1 pinned (actions by SHA, images by digest)",
                ".github/workflows/triage.yml:6 - uses: actions/checkout@v4 (not pinned by SHA)");
        assertThat(c.values()).allSatisfy(s -> assertThat(String.join(" ", s.evidence())).doesNotContain(token));
    }
}
