package dev.patrol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.backups.Fixtures;
import dev.patrol.state.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code patrol run backups --json} over local folders, through the real command, as a
 * user runs it: every way a backup breaks, side by side with a healthy set, in one run.
 * Each broken set fails for its own reason and never stops the others.
 */
class BackupsRunIT {
    @TempDir
    Path dir;

    @Test
    void everyBrokenSetFailsForItsOwnReasonAndTheHealthySetPasses() throws Exception {
        Map<String, NightlyBackups> sets = new LinkedHashMap<>();
        NightlyBackups healthy = set(sets, "healthy", "db_", ".csv.gz").csvGz(7);

        NightlyBackups missing = set(sets, "missing", "db_", ".csv.gz").csvGz(7);
        Files.delete(missing.path(3));

        NightlyBackups stale = set(sets, "stale", "db_", ".csv.gz").csvGz(7);
        for (int k = 0; k < 3; k++) Files.delete(stale.path(k));

        NightlyBackups zeroByte = set(sets, "zero-byte", "db_", ".csv.gz").csvGz(7);
        zeroByte.night(0, new byte[0]);

        NightlyBackups shrunk = set(sets, "shrunk", "db_", ".csv.gz").csvGz(10);
        shrunk.night(0, Fixtures.gzip(Fixtures.csv(20)));

        NightlyBackups mismatch = set(sets, "checksum", "db_", ".csv.gz").csvGz(5);
        Files.writeString(mismatch.dir().resolve(mismatch.name(0) + ".sha256"),
                Fixtures.sha256("what was uploaded".getBytes()) + "  " + mismatch.name(0) + "\n");

        NightlyBackups truncated = set(sets, "truncated", "db_", ".csv.gz").csvGz(7);
        truncated.night(2, Fixtures.truncate(Files.readAllBytes(truncated.path(2)), 0.5));

        NightlyBackups bomb = set(sets, "zip-bomb", "export_", ".zip");
        bomb.night(0, Fixtures.zipBomb(80));

        NightlyBackups slip = set(sets, "tar-slip", "site_", ".tar");
        slip.night(0, Fixtures.tar(Map.of("../../etc/cron.d/evil", "* * * * * root sh /tmp/x\n".getBytes())));

        NightlyBackups brokenCsv = set(sets, "broken-csv", "db_", ".csv.gz").csvGz(4);
        brokenCsv.night(0, Fixtures.gzip("id,company,stage,amount\n1,\"Acme,lead,100\n2,Beta,won,200\n".repeat(40).getBytes()));

        StringBuilder yml = new StringBuilder("name: e2e\nalerts:\n  file: alerts.jsonl\nbackups:\n");
        sets.forEach((name, set) -> yml.append(set.config(name)));
        Files.writeString(dir.resolve("patrol.yml"), yml);

        PatrolProcess.Result r = PatrolProcess.run(dir, Map.of(), "run", "backups", "--json");
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        JsonNode run = Json.MAPPER.readTree(r.out());
        assertThat(run.path("job").asString()).isEqualTo("backups");
        assertThat(run.path("status").asString()).isEqualTo("problems");
        Map<String, JsonNode> results = new HashMap<>();
        run.path("results").forEach(x -> results.put(x.path("target").asString(), x));
        assertThat(results.keySet()).containsExactlyInAnyOrderElementsOf(sets.keySet());
        results.values().forEach(x -> {
            assertThat(x.path("kind").asString()).isEqualTo("backup");
            assertThat(x.path("severity").asString()).isEqualTo("P1");
        });

        assertThat(status(results, "healthy")).isEqualTo("ok");
        assertThat(message(results, "healthy")).startsWith("7 backups, newest " + healthy.name(0)).contains("gzip + csv ok");
        for (String broken : sets.keySet()) {
            if (!broken.equals("healthy")) assertThat(status(results, broken)).as(broken).isEqualTo("fail");
        }
        assertThat(message(results, "missing")).startsWith("no backup for " + missing.date(3));
        assertThat(results.get("missing").path("details").path("missing").get(0).asString()).isEqualTo(missing.date(3));
        assertThat(message(results, "stale")).startsWith("newest backup " + stale.name(3) + " is 3d").contains("past maxAge");
        assertThat(problems(results, "zero-byte")).anyMatch(m -> m.startsWith(zeroByte.name(0) + " is empty (0 bytes)"));
        assertThat(problems(results, "shrunk")).anyMatch(m -> m.startsWith(shrunk.name(0) + " is ") && m.contains("smaller than the"));
        assertThat(message(results, "checksum")).startsWith(mismatch.name(0) + " does not match its SHA256 from sidecar "
                + mismatch.name(0) + ".sha256");
        assertThat(message(results, "truncated")).startsWith(truncated.name(2) + " would not restore").contains("truncated");
        assertThat(message(results, "zip-bomb")).contains(bomb.name(0) + " would not restore").contains("decompression bomb");
        assertThat(message(results, "tar-slip")).contains("../../etc/cron.d/evil").contains("outside the restore folder");
        assertThat(problems(results, "broken-csv")).anyMatch(m -> m.startsWith(brokenCsv.name(0)) && m.contains("quote"));

        // Every broken set is alerted once, by name; the healthy one is not.
        List<String> alerted = Files.readAllLines(dir.resolve("alerts.jsonl")).stream()
                .map(line -> Json.MAPPER.readTree(line).path("target").asString()).toList();
        assertThat(alerted).containsExactlyInAnyOrderElementsOf(sets.keySet().stream().filter(n -> !n.equals("healthy")).toList());
    }

    @Test
    void theConsoleNamesEveryProblemOfABrokenSet() throws Exception {
        NightlyBackups nightly = new NightlyBackups(dir.resolve("pipeline"), "pipeline_", ".csv.gz").csvGz(10);
        Files.delete(nightly.path(6));
        nightly.night(3, Fixtures.truncate(Files.readAllBytes(nightly.path(3)), 0.5));
        Files.writeString(dir.resolve("patrol.yml"), "name: e2e\nalerts:\n  file: alerts.jsonl\nbackups:\n" + nightly.config("pipeline-csv"));

        PatrolProcess.Result r = PatrolProcess.run(dir, Map.of(), "run", "backups");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("✗ pipeline-csv").contains(nightly.name(3) + " would not restore")
                .contains("also: no backup for " + nightly.date(6)).contains("alert DOWN pipeline-csv (P1)");
    }

    private NightlyBackups set(Map<String, NightlyBackups> sets, String name, String prefix, String suffix) {
        NightlyBackups set = new NightlyBackups(dir.resolve(name), prefix, suffix);
        sets.put(name, set);
        return set;
    }

    private static String status(Map<String, JsonNode> results, String target) {
        return results.get(target).path("status").asString();
    }

    private static String message(Map<String, JsonNode> results, String target) {
        return results.get(target).path("message").asString();
    }

    private static List<String> problems(Map<String, JsonNode> results, String target) {
        return results.get(target).path("details").path("problems").valueStream().map(p -> p.path("message").asString()).toList();
    }
}
