package dev.patrol.backups.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.alert.Severity;
import dev.patrol.backups.BackupResult;
import dev.patrol.backups.BackupVerifier;
import dev.patrol.backups.Fixtures;
import dev.patrol.backups.Status;
import dev.patrol.backups.integrity.Manifest;
import dev.patrol.config.BackupSetConfig;
import dev.patrol.state.InMemoryStateStore;
import dev.patrol.storage.LocalFileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotTakerTest {
    static final Instant NOW = Instant.parse("2026-11-22T01:00:00Z");
    @TempDir
    Path tmp;

    private BackupResult snapshot(String pattern, Path source) {
        return taker().take(config(pattern, source));
    }

    private SnapshotTaker taker() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        LocalFileStore store = new LocalFileStore();
        return new SnapshotTaker(store, new BackupVerifier(store, new InMemoryStateStore(), clock), clock);
    }

    private BackupSetConfig config(String pattern, Path source) {
        return new BackupSetConfig("snap", tmp.resolve("backups").toString(), pattern, Duration.ofDays(1), Duration.ofHours(26),
                Duration.ofDays(90), 1, "auto", Severity.P1, source == null ? null : source.toString(), false, 1);
    }

    @Test
    void aGitRepositoryBecomesAVerifiedBundleOfAllRefsWithAManifest() throws Exception {
        Path repo = Fixtures.gitRepository(tmp.resolve("deals"));
        BackupResult r = snapshot("deals_{yyyyMMdd}.bundle", repo);
        assertThat(r.status()).as(r.message()).isEqualTo(Status.OK);
        assertThat(r.message()).startsWith("snapshot deals_20261122.bundle written (").contains("git) and verified");
        Path manifestFile = tmp.resolve("backups/deals_20261122.bundle" + Manifest.SUFFIX);
        Manifest m = Manifest.read(Files.newInputStream(manifestFile), "manifest");
        assertThat(m.sha256()).isEqualTo(Fixtures.sha256(Files.readAllBytes(tmp.resolve("backups/deals_20261122.bundle"))));
        assertThat(m.contents().get("refs").toString()).contains("refs/heads/main", "refs/tags/v1");
        @SuppressWarnings("unchecked")
        Map<String, Object> read = (Map<String, Object>) ((java.util.List<?>) r.details().get("read")).get(0);
        assertThat(read.get("checksums")).isEqualTo(Map.of("manifest deals_20261122.bundle.patrol.json", "ok"));
    }

    @Test
    void aFolderBecomesATarGzAndAFileIsGzippedOnTheWay() throws Exception {
        Path folder = tmp.resolve("site");
        Fixtures.write(folder.resolve("a/deals.csv"), Fixtures.csv(100), NOW);
        Fixtures.write(folder.resolve("b.txt"), "hello".getBytes(), NOW);
        BackupResult tar = snapshot("site_{yyyyMMdd}.tar.gz", folder);
        assertThat(tar.status()).as(tar.message()).isEqualTo(Status.OK);
        assertThat(tar.message()).contains("gzip + tar ok");

        Path file = Fixtures.write(tmp.resolve("_PIPELINE_TRACKER.csv"), Fixtures.csv(300), NOW);
        BackupResult csv = snapshot("pipeline_{yyyyMMdd}.csv.gz", file);
        assertThat(csv.status()).as(csv.message()).isEqualTo(Status.OK);
        assertThat(csv.message()).contains("gzip + csv ok");
    }

    @Test
    void aSecondSnapshotInTheSamePeriodNeverOverwrites() throws Exception {
        Path file = Fixtures.write(tmp.resolve("t.csv"), Fixtures.csv(10), NOW);
        assertThat(snapshot("t_{yyyyMMdd}.csv", file).status()).isEqualTo(Status.OK);
        Files.writeString(file, "changed,data\n1,2\n");
        BackupResult again = snapshot("t_{yyyyMMdd}.csv", file);
        assertThat(again.message()).startsWith("t_20261122.csv already exists for this period; nothing written");
        assertThat(Files.readAllBytes(tmp.resolve("backups/t_20261122.csv"))).isEqualTo(Fixtures.csv(10));
    }

    @Test
    void missingOrUnusableSourcesSaySo() {
        assertThat(snapshot("x_{yyyyMMdd}.gz", null).message()).contains("has no source");
        assertThat(snapshot("x_{yyyyMMdd}.gz", tmp.resolve("nope")).message()).contains("does not exist");
        assertThat(taker().take(new BackupSetConfig("u", tmp.toString(), "x_{yyyyMMdd}.bundle", Duration.ofDays(1), null, null, 0,
                "auto", null, "https://github.com/acme/deals.git", false, 1)).message()).contains("is a URL");
        assertThat(Files.exists(tmp.resolve("backups/x_20261122.gz"))).isFalse();
    }
}
