package dev.patrol.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patrol.secrets.git.ScanProgress;
import dev.patrol.secrets.git.ScanResult;
import dev.patrol.secrets.rules.RuleConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretSweepTest {

    @TempDir
    Path dir;
    private final FakeCredentials fakes = new FakeCredentials(31);

    @Test
    void sweepsARepositoryWithATeamsRulesAndReportsProgress() throws Exception {
        String acme = "acme_live_" + fakes.chars("0123456789", 12);
        String slack = "xo" + "xb-" + fakes.chars("0123456789", 12) + "-" + fakes.chars("0123456789", 12) + "-" + fakes.alnum(24);
        try (HistoryBuilder git = new HistoryBuilder(dir.resolve("deals.git"))) {
            git.commit("main", "config", Map.of("app.env", "ACME=" + acme + "\nSLACK=" + slack + "\n"));
        }
        Path rules = dir.resolve("team.toml");
        Files.writeString(rules, """
                [extend]
                useDefault = true

                [[rules]]
                id = "acme-live-key"
                description = "ACME live API key"
                regex = '''\\b(acme_live_[0-9]{12})\\b'''
                keywords = ["acme_live_"]
                """);
        List<ScanProgress.Phase> phases = new ArrayList<>();
        var sweep = new SecretSweep(SecretSweep.Options.defaults().withRules(rules.toString()), Clock.systemUTC());
        ScanResult r = sweep.scan("deals", dir.resolve("deals.git").toString(), null, null, Set.of(), Suppressions.none(),
                (phase, done, total) -> phases.add(phase));
        assertThat(r.findings()).extracting(Finding::ruleId).containsExactlyInAnyOrder("acme-live-key", "slack-bot-token");
        assertThat(phases).contains(ScanProgress.Phase.COMMITS, ScanProgress.Phase.BLOBS);
    }

    @Test
    void aFolderOutsideGitIsScannedAsItIs() throws Exception {
        String token = "gh" + "p_" + fakes.alnum(36);
        Files.writeString(dir.resolve("notes.md"), "use " + token + "\n");
        ScanResult r = new SecretSweep(SecretSweep.Options.defaults(), Clock.systemUTC())
                .scan("notes", dir.toString(), null, null, Set.of(), Suppressions.none(), ScanProgress.NONE);
        assertThat(r.findings()).extracting(Finding::secret).containsExactly(token);
        assertThat(r.findings().getFirst().inCurrentTree()).isTrue();
    }

    @Test
    void aBadRuleFileIsNamedWithItsLine() throws Exception {
        Path rules = dir.resolve("bad.toml");
        Files.writeString(rules, "[[rules]]\nid = \"x\"\nregex = '''a(b'''\n");
        try (HistoryBuilder git = new HistoryBuilder(dir.resolve("r.git"))) {
            git.commit("main", "init", Map.of("README", "x\n"));
        }
        var sweep = new SecretSweep(SecretSweep.Options.defaults().withRules(rules.toString()), Clock.systemUTC());
        assertThatThrownBy(() -> sweep.scan("r", dir.resolve("r.git").toString(), null, null, Set.of(), Suppressions.none(), ScanProgress.NONE))
                .isInstanceOf(RuleConfigException.class).hasMessageStartingWith(rules + ":3: rules[0] (x): invalid regex");
    }
}
