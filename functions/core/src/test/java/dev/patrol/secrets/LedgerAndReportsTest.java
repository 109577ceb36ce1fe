package dev.patrol.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.alert.Transition;
import dev.patrol.secrets.git.HistoryScanner;
import dev.patrol.secrets.git.ScanProgress;
import dev.patrol.secrets.git.ScanRequest;
import dev.patrol.secrets.git.ScanResult;
import dev.patrol.secrets.report.ReportFormat;
import dev.patrol.secrets.rules.RuleSet;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class LedgerAndReportsTest {

    @TempDir
    Path dir;
    private final FakeCredentials fakes = new FakeCredentials(11);
    private final MemoryStateStore state = new MemoryStateStore();
    private final FindingsLedger ledger = new FindingsLedger(state, Clock.systemUTC());
    private final HistoryScanner scanner = new HistoryScanner(RuleSet.defaults());

    private ScanResult sweep(HistoryBuilder git) throws Exception {
        var since = ledger.cursor("deals").orElse(null);
        ScanResult r = scanner.scan(git.repository(), new ScanRequest("deals", since, ledger.pathsToRecheck("deals"), null), ScanProgress.NONE);
        return r;
    }

    @Test
    void aFindingAlertsOnceStaysQuietWhenIgnoredAndResolvesWhenHistoryLosesIt() throws Exception {
        try (HistoryBuilder git = new HistoryBuilder(dir.resolve("r.git"))) {
            String base = git.commit("main", "init", Map.of("README", "x\n"));
            String token = "pat-" + "na1-" + fakes.uuid();
            String stripe = "sk" + "_live_" + fakes.alnum(24);
            git.commit("main", "crm", Map.of("sync.py", "HUBSPOT = \"" + token + "\"\n", "billing.env", "STRIPE=" + stripe + "\n"));
            ScanResult first = sweep(git);
            FindingsLedger.Outcome o1 = ledger.record(first);
            ledger.saveCursor("deals", first.cursor());
            assertThat(o1.changes()).extracting(FindingsLedger.Change::transition).containsExactly(Transition.NEW, Transition.NEW);
            assertThat(o1.changes().getFirst().finding().summary()).contains("at ").doesNotContain(token).doesNotContain(stripe);
            assertThat(state.allData()).noneMatch(d -> d.contains(token) || d.contains(stripe));

            String stripeFp = first.findings().stream().filter(f -> f.ruleId().startsWith("stripe")).findFirst().orElseThrow().fingerprint();
            ledger.ignore("deals", stripeFp, "test key, rotated");

            git.commit("main", "move token to vault", Map.of("sync.py", "HUBSPOT = os.environ[\"HUBSPOT\"]\n"));
            ScanResult second = sweep(git);
            FindingsLedger.Outcome o2 = ledger.record(second);
            ledger.saveCursor("deals", second.cursor());
            assertThat(o2.changes()).isEmpty();
            assertThat(ledger.list("deals", false)).singleElement().satisfies(f -> assertThat(f.inCurrentTree()).isFalse());

            git.reset("main", base); // history rewritten and force-pushed
            git.commit("main", "crm from vault", Map.of("sync.py", "HUBSPOT = os.environ[\"HUBSPOT\"]\n"));
            FindingsLedger.Outcome o3 = ledger.record(sweep(git));
            assertThat(o3.changes()).extracting(FindingsLedger.Change::transition).containsExactly(Transition.RESOLVED);
            assertThat(o3.open()).isZero();
            assertThat(o3.ignored()).isEqualTo(1);
        }
    }

    @Test
    void writesSarifGitleaksJsonAndTextAndRedactsOnRequest() throws Exception {
        try (HistoryBuilder git = new HistoryBuilder(dir.resolve("r.git"))) {
            String token = "gh" + "p_" + fakes.alnum(36);
            String commit = git.commit("main", "ci", Map.of("ci/release.sh", "#!/bin/sh\nGITHUB_TOKEN=" + token + "\n"));
            var findings = scanner.scan(git.repository(), ScanRequest.full("deals"), ScanProgress.NONE).findings();
            JsonMapper json = JsonMapper.shared();

            JsonNode sarif = json.readTree(render(ReportFormat.SARIF, findings, false));
            assertThat(sarif.path("version").asString()).isEqualTo("2.1.0");
            JsonNode result = sarif.path("runs").get(0).path("results").get(0);
            assertThat(result.path("ruleId").asString()).isEqualTo("github-pat");
            assertThat(result.at("/locations/0/physicalLocation/artifactLocation/uri").asString()).isEqualTo("ci/release.sh");
            assertThat(result.at("/locations/0/physicalLocation/region/startLine").asInt()).isEqualTo(2);
            assertThat(result.at("/partialFingerprints/patrolFingerprint~1v1").asString()).startsWith("ptl_");
            assertThat(result.at("/properties/commit").asString()).isEqualTo(commit);

            JsonNode gl = json.readTree(render(ReportFormat.GITLEAKS, findings, false)).get(0);
            assertThat(gl.propertyNames()).containsExactlyInAnyOrder("RuleID", "Description", "File", "StartLine", "EndLine",
                    "StartColumn", "EndColumn", "Match", "Secret", "Commit", "Author", "Email", "Date", "Message", "Entropy",
                    "Fingerprint", "Tags");
            assertThat(gl.path("Secret").asString()).isEqualTo(token);
            assertThat(gl.path("Fingerprint").asString()).isEqualTo(commit + ":ci/release.sh:github-pat:2");

            for (ReportFormat f : ReportFormat.values()) {
                String redacted = render(f, findings, true);
                assertThat(redacted).as(f.name()).doesNotContain(token).contains("ghp_****");
            }
            assertThat(render(ReportFormat.TEXT, findings, false)).contains("ci/release.sh:2").contains("still in the current tree");

            Path baseline = dir.resolve("baseline.json");
            Files.writeString(baseline, render(ReportFormat.GITLEAKS, findings, true));
            var again = scanner.scan(git.repository(), new ScanRequest("deals", null, null, Suppressions.fromBaseline(baseline)), ScanProgress.NONE);
            assertThat(again.findings()).isEmpty();
        }
    }

    private static String render(ReportFormat format, java.util.List<Finding> findings, boolean redact) throws Exception {
        StringWriter w = new StringWriter();
        format.write(findings, w, redact);
        return w.toString();
    }
}
