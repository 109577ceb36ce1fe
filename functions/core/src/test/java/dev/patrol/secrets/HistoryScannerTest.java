package dev.patrol.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.secrets.git.HistoryScanner;
import dev.patrol.secrets.git.ScanProgress;
import dev.patrol.secrets.git.ScanRequest;
import dev.patrol.secrets.git.ScanResult;
import dev.patrol.secrets.rules.RuleSet;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryScannerTest {

    @TempDir
    static Path dir;
    static PlantedHistory planted;
    static ScanResult result;

    @BeforeAll
    static void sweep() throws Exception {
        try (HistoryBuilder git = new HistoryBuilder(dir.resolve("deals.git"))) {
            planted = PlantedHistory.build(git, 7);
            result = new HistoryScanner(RuleSet.defaults()).scan(git.repository(), ScanRequest.full("deals"), ScanProgress.NONE);
        }
    }

    @Test
    void findsEveryPlantedCredentialAndNothingElse() {
        int found = 0;
        for (PlantedHistory.Expected e : planted.expected) {
            if (finding(e).isPresent()) found++;
        }
        double recall = (double) found / planted.expected.size();
        double precision = (double) found / result.findings().size();
        System.out.printf("planted %d, reported %d, recall %.3f, precision %.3f%n",
                planted.expected.size(), result.findings().size(), recall, precision);
        assertThat(planted.expected.stream().filter(e -> finding(e).isEmpty()).toList()).as("missed").isEmpty();
        assertThat(result.findings()).hasSameSizeAs(planted.expected);
    }

    @Test
    void eachFindingIsAttributedToTheCommitPathAndLineThatIntroducedIt() {
        for (PlantedHistory.Expected e : planted.expected) {
            Occurrence first = finding(e).orElseThrow(() -> new AssertionError("missed " + e)).first();
            assertThat(first.commit()).as(e.toString()).isEqualTo(e.commit());
            assertThat(first.path()).as(e.toString()).isEqualTo(e.path());
            assertThat(first.startLine()).as(e.toString()).isEqualTo(e.line());
        }
    }

    @Test
    void saysWhetherTheSecretIsStillInTheCurrentTree() {
        for (PlantedHistory.Expected e : planted.expected) {
            assertThat(finding(e).orElseThrow().inCurrentTree()).as(e.toString()).isEqualTo(e.inCurrentTree());
        }
    }

    @Test
    void aSecretEditedAroundIsNotReportedAgainButACopyIsAnotherOccurrence() {
        PlantedHistory.Expected shifted = planted.expected.stream().filter(e -> e.how().startsWith("shifted")).findFirst().orElseThrow();
        assertThat(finding(shifted).orElseThrow().occurrences()).hasSize(1);
        PlantedHistory.Expected copied = planted.expected.getFirst();
        List<Occurrence> occ = finding(copied).orElseThrow().occurrences();
        assertThat(occ).extracting(Occurrence::path).containsExactly(copied.path(), planted.copyPath);
        assertThat(occ.get(1).commit()).isEqualTo(planted.copyCommit);
        assertThat(occ.get(1).startLine()).isEqualTo(2);
    }

    @Test
    void recordsAuthorAndDateAndCountsWhatItSkipped() {
        Occurrence o = finding(planted.expected.getFirst()).orElseThrow().first();
        assertThat(o.author()).isEqualTo("Sam Ops");
        assertThat(o.email()).isEqualTo("sam@acme.example");
        assertThat(o.date()).isNotNull();
        assertThat(result.stats().skippedBinary()).isEqualTo(1);
        assertThat(result.full()).isTrue();
        assertThat(result.cursor().tips()).containsKey("refs/heads/main");
    }

    @Test
    void aPackedCopyOfTheHistoryGivesTheSameFindings() throws Exception {
        Path copy = dir.resolve("packed.git");
        try (var files = java.nio.file.Files.walk(dir.resolve("deals.git"))) {
            for (Path p : files.toList()) {
                Path to = copy.resolve(dir.resolve("deals.git").relativize(p).toString());
                if (java.nio.file.Files.isDirectory(p)) java.nio.file.Files.createDirectories(to);
                else java.nio.file.Files.copy(p, to);
            }
        }
        try (var repo = new org.eclipse.jgit.storage.file.FileRepositoryBuilder().setGitDir(copy.toFile()).build()) {
            var gc = new org.eclipse.jgit.internal.storage.file.GC((org.eclipse.jgit.internal.storage.file.FileRepository) repo);
            gc.gc().get();
            assertThat(((org.eclipse.jgit.internal.storage.file.ObjectDirectory) repo.getObjectDatabase()).getPacks()).isNotEmpty();
            ScanResult packed = new HistoryScanner(RuleSet.defaults()).scan(repo, ScanRequest.full("deals"), ScanProgress.NONE);
            assertThat(packed.findings()).hasSameSizeAs(result.findings());
            for (int i = 0; i < result.findings().size(); i++) {
                Finding a = result.findings().get(i);
                Finding b = packed.findings().get(i);
                assertThat(b.fingerprint()).isEqualTo(a.fingerprint());
                assertThat(b.occurrences()).isEqualTo(a.occurrences());
                assertThat(b.inCurrentTree()).isEqualTo(a.inCurrentTree());
            }
            // A full sweep of a packed repository reads every packed blob, the symlink's target among them.
            assertThat(packed.stats().blobs()).isEqualTo(result.stats().blobs() + 1);
            assertThat(packed.stats().skippedBinary()).isEqualTo(result.stats().skippedBinary());
        }
    }

    @Test
    void findingsNeverShowTheSecretWhenPrinted() {
        for (Finding f : result.findings()) {
            assertThat(f.toString()).doesNotContain(f.secret());
            f.occurrences().forEach(o -> assertThat(o.toString()).doesNotContain(f.secret()));
        }
    }

    private static Optional<Finding> finding(PlantedHistory.Expected e) {
        return result.findings().stream().filter(f -> f.ruleId().equals(e.ruleId()) && f.secret().equals(e.secret())).findFirst();
    }

    static Map<String, String> files(String... kv) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }
}
