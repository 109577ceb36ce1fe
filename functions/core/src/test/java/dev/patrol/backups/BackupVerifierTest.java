package dev.patrol.backups;

import static dev.patrol.backups.BackupSetFolder.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.config.BackupSetConfig;
import dev.patrol.state.InMemoryStateStore;
import dev.patrol.storage.LocalFileStore;
import dev.patrol.storage.ObjectContent;
import dev.patrol.storage.ObjectStore;
import dev.patrol.storage.ObjectStoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a folder of backups broken in one way, Patrol says which and why. These are the
 * cases `patrol run backups --json` must report end to end: each test is a folder,
 * a config, and the status and message a person would read.
 */
class BackupVerifierTest {
    @TempDir
    Path tmp;
    BackupSetFolder set;
    InMemoryStateStore state;

    @BeforeEach
    void setUp() {
        set = new BackupSetFolder(tmp.resolve("backups"));
        state = new InMemoryStateStore();
    }

    private BackupResult verify(BackupSetConfig config) {
        return verify(new LocalFileStore(), config, NOW);
    }

    private BackupResult verify(ObjectStore store, BackupSetConfig config, Instant now) {
        return new BackupVerifier(store, state, Clock.fixed(now, ZoneOffset.UTC), VerifyOptions.DEFAULT.readingEverything())
                .verify(config);
    }

    @Test
    void aHealthySetIsOk() throws IOException {
        set.daily(20);
        BackupResult r = verify(set.config());
        assertThat(r.status()).as(r.message()).isEqualTo(Status.OK);
        assertThat(r.message()).startsWith("20 backups, newest pipeline_20261122.csv.gz 8h old").contains("gzip + csv ok");
        assertThat(r.details()).containsEntry("objects", 20).doesNotContainKey("problems");
        assertThat((List<?>) r.details().get("read")).hasSize(20);
    }

    @Test
    void aMissingDayIsNamedByDate() throws IOException {
        set.daily(20);
        set.remove(7);
        BackupResult r = verify(set.config());
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.message()).startsWith("no backup for 2026-11-15");
        assertThat(r.details()).containsEntry("missing", List.of("2026-11-15"));
    }

    @Test
    void severalMissingDaysAreOneRange() throws IOException {
        set.daily(20);
        for (int d = 5; d <= 8; d++) set.remove(d);
        assertThat(verify(set.config()).message()).startsWith("4 backups missing: 2026-11-14..2026-11-17 (4)");
    }

    @Test
    void aStaleSetFailsOnMaxAge() throws IOException {
        set.daily(20);
        set.remove(0);
        set.remove(1);
        BackupResult r = verify(set.config());
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.message()).startsWith("newest backup pipeline_20261120.csv.gz is 2d 8h old, past maxAge 1d 2h");
        assertThat(r.problems()).extracting(Problem::check).contains(Problem.Check.PERIODS);
    }

    @Test
    void aTruncatedBackupWouldNotRestore() throws IOException {
        set.daily(10);
        set.day(3, Fixtures.truncate(set.bytes(3), 0.5));
        BackupResult r = verify(set.config());
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.message()).startsWith("pipeline_20261119.csv.gz would not restore").contains("truncated");
    }

    @Test
    void aSetSmallerThanTheReadBudgetIsReadWholeOnTheFirstRun() throws IOException {
        set.daily(14);
        set.day(3, Fixtures.truncate(set.bytes(3), 0.5));
        BackupResult r = new BackupVerifier(new LocalFileStore(), state, Clock.fixed(NOW, ZoneOffset.UTC)).verify(set.config());
        assertThat((List<?>) r.details().get("read")).hasSize(14);
        assertThat(r.message()).startsWith("pipeline_20261119.csv.gz would not restore");
    }

    @Test
    void aZeroByteBackupIsEmpty() throws IOException {
        set.daily(10);
        set.day(0, new byte[0]);
        BackupResult r = verify(set.config());
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.problems()).anyMatch(p -> p.message().startsWith("pipeline_20261122.csv.gz is empty (0 bytes)"));
    }

    @Test
    void aSuddenShrinkFails() throws IOException {
        set.daily(10);
        set.day(0, Fixtures.gzip(Fixtures.csv(20)));
        BackupResult r = verify(set.config());
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.message()).startsWith("pipeline_20261122.csv.gz is ").contains("smaller than the").contains("median");
    }

    @Test
    void belowMinSizeFails() throws IOException {
        set.daily(3);
        BackupSetConfig big = new BackupSetConfig("pipeline-csv", set.dir().toString(), "pipeline_{yyyyMMdd}.csv.gz",
                Duration.ofDays(1), Duration.ofHours(26), Duration.ofDays(30), 1 << 20, "auto", null, null, false, 1);
        assertThat(verify(big).message()).contains("below minSize 1.0 MB");
    }

    @Test
    void aSidecarChecksumIsRecomputedAndAMismatchFails() throws Exception {
        set.daily(5);
        Files.writeString(set.dir().resolve(set.name(1) + ".sha256"), Fixtures.sha256(set.bytes(1)) + "  " + set.name(1) + "\n");
        Files.writeString(set.dir().resolve(set.name(0) + ".sha256"), Fixtures.sha256(new byte[]{1}) + "  " + set.name(0) + "\n");
        BackupResult r = verify(set.config());
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.problems()).hasSize(1);
        assertThat(r.message()).startsWith("pipeline_20261122.csv.gz does not match its SHA256 from sidecar pipeline_20261122.csv.gz.sha256");
    }

    @Test
    void sha256sumFilesOfEitherConventionAreChecked() throws Exception {
        set.daily(5);
        Files.writeString(set.dir().resolve(set.name(2) + ".sha256sum"), Fixtures.sha256(new byte[]{2}) + " *" + set.name(2) + "\n");
        Files.writeString(set.dir().resolve("SHA256SUMS"), Fixtures.sha256(set.bytes(0)) + "  ./" + set.name(0) + "\n"
                + Fixtures.sha256(new byte[]{3}) + "  " + set.name(1) + "\n");
        BackupResult r = verify(set.config());
        assertThat(r.problems()).extracting(Problem::object).containsExactlyInAnyOrder(set.name(1), set.name(2));
        assertThat(r.problems()).anyMatch(p -> p.message().startsWith(set.name(1) + " does not match its SHA256 from SHA256SUMS"));
        assertThat(r.problems()).anyMatch(p -> p.message().startsWith(set.name(2) + " does not match its SHA256 from sidecar "
                + set.name(2) + ".sha256sum"));
    }

    @Test
    void anOldBackupCopiedAgainTodayIsStillStale() throws IOException {
        set.daily(10);
        for (int d = 0; d < 3; d++) set.remove(d);
        Fixtures.write(set.path(3), set.bytes(3), NOW.minus(Duration.ofMinutes(5))); // touched just now
        BackupResult r = verify(set.config());
        assertThat(r.message()).startsWith("newest backup pipeline_20261119.csv.gz is 2d 9h old, past maxAge 1d 2h");
    }

    @Test
    void aCorruptedByteIsCaughtByTheChecksumEvenWhenTheFormatCannotTell() throws Exception {
        set.daily(3);
        Files.writeString(set.dir().resolve(set.name(0) + ".sha256"), Fixtures.sha256(set.bytes(0)));
        byte[] gz = set.bytes(0);
        gz[gz.length - 9] ^= 1; // in the gzip trailer's CRC: gzip says corrupt, the checksum says changed
        set.day(0, gz);
        BackupResult r = verify(set.config());
        assertThat(r.problems()).extracting(Problem::check).contains(Problem.Check.INTEGRITY, Problem.Check.RESTORE);
    }

    @Test
    void aZipBombFailsAndOtherSetsStillGetVerified() throws IOException {
        Path zips = tmp.resolve("exports");
        Fixtures.write(zips.resolve("export_20261122.zip"), Fixtures.zipBomb(80), NOW.minus(Duration.ofHours(2)));
        BackupSetConfig bombSet = new BackupSetConfig("exports", zips.toString(), "export_{yyyyMMdd}.zip", Duration.ofDays(1),
                Duration.ofHours(26), null, 0, "auto", null, null, false, 1);
        set.daily(3);
        BackupVerifier verifier = new BackupVerifier(new LocalFileStore(), state, Clock.fixed(NOW, ZoneOffset.UTC));
        BackupResult bomb = verifier.verify(bombSet);
        BackupResult good = verifier.verify(set.config());
        assertThat(bomb.status()).isEqualTo(Status.FAIL);
        assertThat(bomb.message()).contains("export_20261122.zip would not restore").contains("decompression bomb");
        assertThat(good.status()).isEqualTo(Status.OK);
    }

    @Test
    void aCsvWithABrokenQuoteFails() throws IOException {
        set.daily(4);
        set.day(0, Fixtures.gzip("id,company,stage,amount\n1,\"Acme,lead,100\n2,Beta,won,200\n".repeat(40).getBytes()));
        BackupResult r = verify(set.config());
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.problems()).anyMatch(p -> p.check() == Problem.Check.RESTORE && p.message().contains("quote"));
    }

    @Test
    void anObjectDeletedBetweenListingAndReadingIsReportedForThatObject() throws IOException {
        set.daily(5);
        ObjectStore deletesOnOpen = new ForwardingStore(new LocalFileStore()) {
            @Override
            public ObjectContent open(String location) throws IOException {
                if (location.endsWith(set.name(2))) Files.delete(Path.of(location));
                return super.open(location);
            }
        };
        BackupResult r = verify(deletesOnOpen, set.config(), NOW);
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.message()).startsWith("pipeline_20261120.csv.gz was listed but gone when read");
    }

    @Test
    void aThrottlingStoreIsAnErrorNotABrokenBackup() throws IOException {
        set.daily(5);
        ObjectStore throttled = new ForwardingStore(new LocalFileStore()) {
            @Override
            public ObjectContent open(String location) throws IOException {
                throw new ObjectStoreException(ObjectStoreException.Reason.THROTTLED,
                        "S3 kept answering 503 SlowDown for " + location + " after 4 attempts", null);
            }
        };
        BackupResult r = verify(throttled, set.config(), NOW);
        assertThat(r.status()).isEqualTo(Status.ERROR);
        assertThat(r.message()).contains("503 SlowDown");
    }

    @Test
    void nothingThereFailsAndSaysWhere() {
        BackupResult r = verify(set.config());
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.message()).startsWith("no backups under " + set.dir() + "/ match pipeline_{yyyyMMdd}.csv.gz");
    }

    @Test
    void backupsPastRetentionAreADryRunUntilPruneIsOn() throws IOException {
        set.daily(40);
        BackupResult dry = verify(set.config());
        assertThat(dry.status()).isEqualTo(Status.FAIL);
        assertThat(dry.message()).startsWith("8 backups are older than retention 30d (dry run would delete pipeline_20261014.csv.gz");
        assertThat(Files.exists(set.path(39))).isTrue();

        BackupResult pruned = verify(set.config("pipeline-csv", "pipeline_{yyyyMMdd}.csv.gz", Duration.ofDays(30), true));
        assertThat(pruned.status()).as(pruned.message()).isEqualTo(Status.OK);
        assertThat((List<?>) pruned.details().get("pruned")).hasSize(8);
        assertThat(Files.exists(set.path(39))).isFalse();
        assertThat(Files.exists(set.path(31))).isTrue();
    }

    @Test
    void backupsDeletedBeforeTheirRetentionEndsAreMissed() throws IOException {
        set.daily(20);
        assertThat(verify(set.config()).status()).isEqualTo(Status.OK);
        for (int d = 15; d <= 19; d++) set.remove(d);
        BackupResult r = verify(set.config());
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.message()).startsWith("backups from 2026-11-03 to 2026-11-07 are gone although retention 30d keeps them");
    }

    @Test
    void largeObjectsAreReadAheadAndStillCheckedToTheLastByte() throws Exception {
        Path dir = tmp.resolve("site");
        byte[] random = new byte[12 << 20]; // past the read-ahead threshold
        new java.util.Random(1).nextBytes(random);
        byte[] tar = Fixtures.tar(Map.of("dump.bin", random));
        Fixtures.write(dir.resolve("site_20261122.tar"), tar, NOW.minus(Duration.ofHours(2)));
        Files.writeString(dir.resolve("site_20261122.tar.sha256"), Fixtures.sha256(tar));
        BackupSetConfig site = new BackupSetConfig("site", dir.toString(), "site_{yyyyMMdd}.tar", Duration.ofDays(1),
                Duration.ofHours(26), null, 0, "auto", null, null, false, 1);
        BackupResult ok = verify(site);
        assertThat(ok.status()).as(ok.message()).isEqualTo(Status.OK);
        assertThat(ok.message()).contains("tar ok, checksums ok");

        tar[tar.length - 2048] ^= 1; // in the closing zero blocks: tar cannot tell, the checksum can
        Fixtures.write(dir.resolve("site_20261122.tar"), tar, NOW.minus(Duration.ofHours(2)));
        BackupResult changed = verify(site);
        assertThat(changed.status()).isEqualTo(Status.FAIL);
        assertThat(changed.message()).startsWith("site_20261122.tar does not match its SHA256 from sidecar");
    }

    @Test
    void restoreTestsRotateSoEveryObjectIsReadWithinTheWindow() throws IOException {
        set.daily(30);
        VerifyOptions fiveDayWindow = new VerifyOptions(Duration.ofDays(5), 0, 2, 0.5, 7, VerifyOptions.DEFAULT.limits()); // rotation only
        Set<Object> read = new HashSet<>();
        for (int run = 0; run < 5; run++) { // one run a day for the length of the window
            Clock day = Clock.fixed(NOW.plus(Duration.ofDays(run)), ZoneOffset.UTC);
            BackupResult r = new BackupVerifier(new LocalFileStore(), state, day, fiveDayWindow).verify(set.config());
            List<?> reads = (List<?>) r.details().get("read");
            assertThat(reads).hasSize(1 + 6); // the newest, and a fifth of the other 29
            reads.forEach(m -> read.add(((Map<?, ?>) m).get("object")));
        }
        assertThat(read).hasSize(30);
    }

    @Test
    void aBrokenOldBackupKeepsFailingThoughTheRotationMovesOn() throws IOException {
        set.daily(30);
        set.day(29, Fixtures.truncate(set.bytes(29), 0.5)); // the oldest: first in the rotation
        VerifyOptions fiveDayWindow = new VerifyOptions(Duration.ofDays(5), 0, 2, 0.5, 7, VerifyOptions.DEFAULT.limits()); // rotation only
        for (int run = 0; run < 3; run++) {
            Clock day = Clock.fixed(NOW.plus(Duration.ofDays(run)), ZoneOffset.UTC);
            BackupResult r = new BackupVerifier(new LocalFileStore(), state, day, fiveDayWindow).verify(set.config());
            assertThat(r.problems()).as("run " + run).anyMatch(p -> p.check() == Problem.Check.RESTORE
                    && p.message().startsWith(set.name(29) + " would not restore"));
        }
    }

    /**
     * JSON backups through the whole read path (store, metering, read-ahead above 8 MB,
     * checksums, restore): the JSON parser closes what it reads, which once closed the
     * object under the verifier and failed every JSON backup as a store error.
     */
    @Test
    void jsonBackupsPassAndInvalidJsonSaysWhere() throws IOException {
        String small = "{\"deals\": [" + "{\"id\": 1, \"stage\": \"won\"},".repeat(40) + "{\"id\": 2}]}\n";
        String big = "{\"id\": 7, \"company\": \"Acme, Inc.\", \"notes\": \"" + "x".repeat(200) + "\"}\n";
        BackupResult one = verifyOne("state_20261122.json", small.getBytes());
        assertThat(one.status()).as(one.problems().toString()).isEqualTo(Status.OK);
        BackupResult gz = verifyOne("state_20261122.json.gz", Fixtures.gzip(small.getBytes()));
        assertThat(gz.status()).as(gz.problems().toString()).isEqualTo(Status.OK);
        BackupResult lines = verifyOne("state_20261122.jsonl", big.repeat(60_000).getBytes()); // 13 MB: read ahead on a second thread
        assertThat(lines.status()).as(lines.problems().toString()).isEqualTo(Status.OK);
        assertThat(lines.message()).contains("json ok");
        BackupResult r = verifyOne("state_20261122.json", "{\"deals\": [1, 2,\n  3 4]}".getBytes());
        List<String> messages = r.problems().stream().map(Problem::message).toList();
        assertThat(messages).noneMatch(m -> m.contains("null") || m.contains("Exception") || m.contains("broke off"));
        assertThat(r.problems()).hasSize(1);
        assertThat(r.problems().get(0).status()).isEqualTo(Status.FAIL);
        assertThat(messages.get(0)).startsWith("state_20261122.json would not restore: JSON is not valid at line 2, column 5");
    }

    private BackupResult verifyOne(String name, byte[] bytes) throws IOException {
        Path folder = Files.createTempDirectory(tmp, "one-");
        Fixtures.write(folder.resolve(name), bytes, NOW.minus(Duration.ofHours(2)));
        String pattern = name.replace("20261122", "{yyyyMMdd}");
        return verify(new BackupSetConfig("one", folder.toString(), pattern, Duration.ofDays(1), Duration.ofHours(26),
                Duration.ofDays(30), 10, "auto", dev.patrol.alert.Severity.P1, null, false, 1));
    }
}
