package dev.patrol.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.secrets.git.HistoryScanner;
import dev.patrol.secrets.git.ScanCursor;
import dev.patrol.secrets.git.ScanProgress;
import dev.patrol.secrets.git.ScanRequest;
import dev.patrol.secrets.git.ScanResult;
import dev.patrol.secrets.rules.GitleaksToml;
import dev.patrol.secrets.rules.RuleSet;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncrementalSweepTest {

    @TempDir
    Path dir;
    private final FakeCredentials fakes = new FakeCredentials(3);
    private final HistoryScanner scanner = new HistoryScanner(RuleSet.defaults());

    private ScanResult sweep(HistoryBuilder git, ScanCursor since) throws Exception {
        return scanner.scan(git.repository(), new ScanRequest("deals", since, Set.of(), null), ScanProgress.NONE);
    }

    @Test
    void theNextSweepReadsOnlyNewCommitsAndKeepsAttribution() throws Exception {
        try (HistoryBuilder git = new HistoryBuilder(dir.resolve("r.git"))) {
            String old = "gh" + "p_" + fakes.alnum(36);
            String oldCommit = git.commit("main", "config", Map.of("app.env", "A=1\nGITHUB_TOKEN=" + old + "\n"));
            ScanResult first = sweep(git, null);
            assertThat(first.findings()).hasSize(1);

            String fresh = "gl" + "pat-" + fakes.alnum(20);
            git.commit("main", "edit around the old token", Map.of("app.env", "# env\nA=2\nGITHUB_TOKEN=" + old + "\n"));
            String newCommit = git.commit("main", "add gitlab", Map.of("ci.env", "GITLAB=" + fresh + "\n"));
            ScanResult next = sweep(git, first.cursor());

            assertThat(next.full()).isFalse();
            assertThat(next.stats().commits()).isEqualTo(2);
            assertThat(next.findings()).extracting(Finding::secret).containsExactly(fresh);
            assertThat(next.findings().getFirst().first().commit()).isEqualTo(newCommit);
            assertThat(next.currentTree()).contains(first.findings().getFirst().fingerprint());
            assertThat(first.findings().getFirst().first().commit()).isEqualTo(oldCommit);

            ScanResult nothingNew = sweep(git, next.cursor());
            assertThat(nothingNew.stats().commits()).isZero();
            assertThat(nothingNew.findings()).isEmpty();
        }
    }

    @Test
    void aForcePushThatRewroteHistoryMakesTheSweepFull() throws Exception {
        try (HistoryBuilder git = new HistoryBuilder(dir.resolve("r.git"))) {
            String base = git.commit("main", "init", Map.of("README", "hi\n"));
            String token = "xo" + "xb-" + fakes.chars("0123456789", 12) + "-" + fakes.chars("0123456789", 12) + "-" + fakes.alnum(24);
            git.commit("main", "oops", Map.of("bot.env", "SLACK=" + token + "\n"));
            ScanResult first = sweep(git, null);
            assertThat(first.findings()).hasSize(1);

            git.reset("main", base); // history rewritten to drop the leak, then force-pushed
            git.commit("main", "bot config from vault", Map.of("bot.env", "SLACK=${SLACK_TOKEN}\n"));
            ScanResult after = sweep(git, first.cursor());

            assertThat(after.full()).isTrue();
            assertThat(after.rewrittenRefs()).containsExactly("refs/heads/main");
            assertThat(after.findings()).isEmpty();
        }
    }

    @Test
    void sinceARevisionOnlyLaterCommitsAreRead() throws Exception {
        try (HistoryBuilder git = new HistoryBuilder(dir.resolve("r.git"))) {
            git.commit("main", "old leak", Map.of("a.env", "T=" + "gh" + "p_" + fakes.alnum(36) + "\n"));
            String base = git.commit("main", "more", Map.of("b.txt", "b\n"));
            String fresh = "gh" + "o_" + fakes.alnum(36);
            git.commit("main", "new leak", Map.of("c.env", "O=" + fresh + "\n"));
            ScanResult r = sweep(git, ScanCursor.since(base, RuleSet.defaults().digest()));
            assertThat(r.full()).isFalse();
            assertThat(r.findings()).extracting(Finding::secret).containsExactly(fresh);
        }
    }

    @Test
    void otherRulesMakeTheSweepFull() throws Exception {
        try (HistoryBuilder git = new HistoryBuilder(dir.resolve("r.git"))) {
            git.commit("main", "init", Map.of("README", "hi\n"));
            ScanResult first = sweep(git, null);
            RuleSet custom = GitleaksToml.parse("[extend]\nuseDefault = true\n[[rules]]\nid = \"acme\"\nregex = '''acme_[0-9]{8}'''\n", "acme.toml", null);
            ScanResult next = new HistoryScanner(custom).scan(git.repository(), new ScanRequest("deals", first.cursor(), Set.of(), null), ScanProgress.NONE);
            assertThat(next.full()).isTrue();
            assertThat(next.reason()).contains("rules changed");
        }
    }

    @Test
    void pathsToRecheckAreReadEvenWhenUnchanged() throws Exception {
        try (HistoryBuilder git = new HistoryBuilder(dir.resolve("r.git"))) {
            String token = "np" + "m_" + fakes.alnum(36);
            git.commit("main", "npmrc", Map.of(".npmrc", "//registry.npmjs.org/:_authToken=" + token + "\n"));
            ScanResult first = sweep(git, null);
            git.commit("main", "other", Map.of("x.txt", "x\n"));
            ScanResult next = scanner.scan(git.repository(), new ScanRequest("deals", first.cursor(), Set.of(".npmrc"), null), ScanProgress.NONE);
            assertThat(next.checkedPaths()).contains(".npmrc", "x.txt");
            assertThat(next.currentTree()).containsExactly(first.findings().getFirst().fingerprint());
            assertThat(next.findings()).isEmpty();
        }
    }
}
