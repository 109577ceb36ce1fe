package dev.patrol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.backups.Fixtures;
import dev.patrol.state.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code patrol backup snapshot NAME} through the real command: it writes, verifies, and says why when it cannot. */
class BackupSnapshotIT {
    @TempDir
    Path dir;

    private void config(String sets) throws Exception {
        Files.writeString(dir.resolve("patrol.yml"), "name: e2e\nalerts:\n  file: alerts.jsonl\nbackups:\n" + sets);
    }

    private static String set(String name, String location, String pattern, String source) {
        return """
                  - name: %s
                    location: %s
                    pattern: "%s"
                    every: 1d
                    maxAge: 26h
                    severity: P1
                """.formatted(name, location, pattern) + (source == null ? "" : "    source: " + source + "\n");
    }

    private static String today() {
        return LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE);
    }

    @Test
    void aSnapshotIsWrittenWithItsManifestVerifiedAndThenPassesTheBackupsJob() throws Exception {
        Files.write(dir.resolve("deals.csv"), Fixtures.csv(50));
        Files.createDirectories(dir.resolve("site/pages"));
        Files.writeString(dir.resolve("site/pages/index.html"), "<h1>deals</h1>\n");
        config(set("deals", "backups/deals/", "deals_{yyyyMMdd}.csv.gz", "deals.csv")
                + set("site", "backups/site/", "site_{yyyyMMdd}.tar.gz", "site"));

        PatrolProcess.Result first = PatrolProcess.run(dir, Map.of(), "backup", "snapshot", "deals");
        assertThat(first.exit()).as(first.err()).isZero();
        String object = "deals_" + today() + ".csv.gz";
        assertThat(dir.resolve("backups/deals/" + object)).isNotEmptyFile();
        assertThat(dir.resolve("backups/deals/" + object + ".patrol.json")).isNotEmptyFile();
        assertThat(first.out()).containsPattern("wrote \\S*/backups/deals/" + object + " \\(\\d+ bytes, file, ")
                .contains("sha256 " + Fixtures.sha256(Files.readAllBytes(dir.resolve("backups/deals/" + object))))
                .contains("✓ deals: snapshot " + object + " written (").contains("and verified").contains("gzip + csv ok, checksums ok");

        PatrolProcess.Result folder = PatrolProcess.run(dir, Map.of(), "backup", "snapshot", "site");
        assertThat(folder.exit()).as(folder.err()).isZero();
        assertThat(folder.out()).contains("✓ site: snapshot site_" + today() + ".tar.gz written (").contains("tar.gz");

        // A second snapshot in the same period never overwrites the backup it already took.
        PatrolProcess.Result again = PatrolProcess.run(dir, Map.of(), "backup", "snapshot", "deals");
        assertThat(again.exit()).isZero();
        assertThat(again.out()).doesNotContain("wrote ").contains(object + " already exists for this period; nothing written");

        PatrolProcess.Result run = PatrolProcess.run(dir, Map.of(), "run", "backups", "--json");
        assertThat(run.exit()).as(run.out()).isZero();
        JsonNode results = Json.MAPPER.readTree(run.out()).path("results");
        assertThat(results).hasSize(2);
        results.forEach(r -> assertThat(r.path("status").asString()).as(r.toString()).isEqualTo("ok"));
        assertThat(results.get(0).path("message").asString()).contains("checksums ok");
    }

    @Test
    void aSnapshotThatDoesNotRestoreExitsOne() throws Exception {
        Files.writeString(dir.resolve("deals.csv"), "id,company\n1,\"Acme\n2,Beta\n".repeat(20));
        config(set("deals", "backups/", "deals_{yyyyMMdd}.csv.gz", "deals.csv"));
        PatrolProcess.Result r = PatrolProcess.run(dir, Map.of(), "backup", "snapshot", "deals");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("wrote ").contains("✗ deals: deals_" + today() + ".csv.gz would not restore").contains("quote");
    }

    @Test
    void unknownSetsMissingSourcesAndUnwritableLocationsSayWhatToFix() throws Exception {
        Files.writeString(dir.resolve("deals.csv"), "id\n1\n");
        Files.writeString(dir.resolve("not-a-folder"), "a file where the backups folder should be\n");
        config(set("deals", "backups/", "deals_{yyyyMMdd}.csv.gz", "deals.csv")
                + set("nightly", "backups/", "nightly_{yyyyMMdd}.csv.gz", null)
                + set("gone", "backups/", "gone_{yyyyMMdd}.csv.gz", "no-such-file.csv")
                + set("blocked", "not-a-folder/backups/", "deals_{yyyyMMdd}.csv.gz", "deals.csv"));

        PatrolProcess.Result unknown = PatrolProcess.run(dir, Map.of(), "backup", "snapshot", "deal");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("no backup set named \"deal\"").contains("known: deals, nightly, gone, blocked");

        PatrolProcess.Result noSource = PatrolProcess.run(dir, Map.of(), "backup", "snapshot", "nightly");
        assertThat(noSource.exit()).isEqualTo(2);
        assertThat(noSource.err()).contains("backup set nightly has no source: add source: PATH");

        PatrolProcess.Result gone = PatrolProcess.run(dir, Map.of(), "backup", "snapshot", "gone");
        assertThat(gone.exit()).isEqualTo(2);
        assertThat(gone.err()).contains("the source of backup set gone does not exist").contains("no-such-file.csv");

        PatrolProcess.Result blocked = PatrolProcess.run(dir, Map.of(), "backup", "snapshot", "blocked");
        assertThat(blocked.exit()).isEqualTo(3);
        assertThat(blocked.err()).contains("could not snapshot blocked").contains("not-a-folder").doesNotContain("\tat ");
        assertThat(blocked.out()).isEmpty();
        for (PatrolProcess.Result r : new PatrolProcess.Result[] {unknown, noSource, gone, blocked}) {
            assertThat(r.err()).doesNotContain("Exception");
        }
    }
}
