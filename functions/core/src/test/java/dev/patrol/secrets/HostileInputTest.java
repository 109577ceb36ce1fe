package dev.patrol.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.patrol.secrets.detect.Detector;
import dev.patrol.secrets.git.HistoryScanner;
import dev.patrol.secrets.git.ScanProgress;
import dev.patrol.secrets.git.ScanRequest;
import dev.patrol.secrets.git.ScanResult;
import dev.patrol.secrets.rules.GitleaksToml;
import dev.patrol.secrets.rules.RuleConfigException;
import dev.patrol.secrets.rules.RuleSet;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.zip.DeflaterOutputStream;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostileInputTest {

    @TempDir
    Path dir;

    /**
     * A loose object whose header says 5 GB, followed by a few bytes: reading it
     * would fail (and, were it real, take minutes). The sweep must skip it from
     * its size alone.
     */
    @Test
    void aFiveGigabyteBlobIsSkippedWithoutBeingRead() throws Exception {
        try (HistoryBuilder git = new HistoryBuilder(dir.resolve("r.git"))) {
            ObjectId huge = ObjectId.fromString("5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a");
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            try (DeflaterOutputStream z = new DeflaterOutputStream(raw)) {
                z.write(("blob " + 5L * 1024 * 1024 * 1024 + "\0").getBytes(StandardCharsets.US_ASCII));
                z.write("only the beginning".getBytes(StandardCharsets.US_ASCII));
            }
            Path loose = git.repository().getDirectory().toPath().resolve("objects").resolve(huge.name().substring(0, 2)).resolve(huge.name().substring(2));
            Files.createDirectories(loose.getParent());
            Files.write(loose, raw.toByteArray());
            git.commitEntry("main", "add dump", "data/dump.sql", FileMode.REGULAR_FILE, huge);
            String token = "gh" + "p_" + new FakeCredentials(1).alnum(36);
            git.commit("main", "config", Map.of("ci.env", "T=" + token + "\n"));

            ScanResult r = new HistoryScanner(RuleSet.defaults()).scan(git.repository(), ScanRequest.full("r"), ScanProgress.NONE);

            assertThat(r.stats().skippedLarge()).isEqualTo(1);
            assertThat(r.findings()).extracting(Finding::secret).containsExactly(token);
        }
    }

    /** (a+)+$ takes exponential time in a backtracking engine; RE2/J matches it in one linear pass. */
    @Test
    void aRuleWrittenToBacktrackCatastrophicallyFinishesInLinearTime() {
        RuleSet rules = GitleaksToml.parse("""
                [[rules]]
                id = "evil"
                regex = '''secret=(a+)+$'''
                keywords = ["secret="]
                """, "evil.toml", null);
        String line = "secret=" + "a".repeat(50_000) + "!";
        Detector detector = new Detector(rules);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThat(detector.detect(line)).isEmpty());
    }

    @Test
    void deeplyNestedBase64StopsAtTheDepthLimit() {
        String text = "token=" + "gh" + "p_" + new FakeCredentials(2).alnum(36);
        for (int i = 0; i < 40; i++) text = FakeCredentials.b64(text);
        String nested = text;
        assertThat(nested.length()).isGreaterThan(100_000);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThat(new Detector(RuleSet.defaults()).detect("v=" + nested)).isEmpty());
    }

    @Test
    void badRuleFilesNameTheFileAndLine() {
        assertThatThrownBy(() -> GitleaksToml.parse("title = \"x\"\n[[rules]]\nid = \"a\"\nregex = '''abc\n", "team.toml", null))
                .isInstanceOf(RuleConfigException.class).hasMessageStartingWith("team.toml:");
        assertThatThrownBy(() -> GitleaksToml.parse("[[rules]]\nid = \"bad\"\n\nregex = '''(unclosed'''\n", "team.toml", null))
                .isInstanceOf(RuleConfigException.class).hasMessageStartingWith("team.toml:4: rules[0] (bad): invalid regex");
        assertThatThrownBy(() -> GitleaksToml.parse("[[rules]]\nid = \"look\"\nregex = '''(?=x)y'''\n", "team.toml", null))
                .isInstanceOf(RuleConfigException.class).hasMessageContaining("RE2 syntax");
    }

    /** RE2/J would overflow its stack expanding a million copies; RE2 and Go refuse such counts, and so does Patrol. */
    @Test
    void nestedCountsBeyondRe2sLimitAreARuleFileErrorNotACrash() {
        assertThatThrownBy(() -> GitleaksToml.parse("[[rules]]\nid = \"nested\"\nregex = '''([a-z0-9]{1,1000}){1,1000}Z'''\n", "team.toml", null))
                .isInstanceOf(RuleConfigException.class)
                .hasMessage("team.toml:3: rules[0] (nested): regex cannot be used: nested counts repeat it 1000000 times, more than"
                        + " RE2's limit of 1000 (counts inside a counted group multiply); write it with smaller counts");
        assertThatThrownBy(() -> GitleaksToml.parse("[[rules]]\nid = \"big\"\nregex = '''a{2000}'''\n", "team.toml", null))
                .isInstanceOf(RuleConfigException.class).hasMessageContaining("a count of 2000");
        // Within the limit, and braces that are not counts, still compile.
        assertThat(GitleaksToml.parse("[[rules]]\nid = \"ok\"\nregex = '''(x{10}[{]y{1,100}){10}\\{z}'''\n", "team.toml", null)
                .rules()).hasSize(1);
    }
}
