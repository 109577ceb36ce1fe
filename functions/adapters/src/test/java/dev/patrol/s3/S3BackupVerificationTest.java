package dev.patrol.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.alert.Severity;
import dev.patrol.backups.BackupResult;
import dev.patrol.backups.BackupVerifier;
import dev.patrol.backups.Fixtures;
import dev.patrol.backups.ForwardingStore;
import dev.patrol.backups.Problem;
import dev.patrol.backups.Status;
import dev.patrol.backups.VerifyOptions;
import dev.patrol.backups.snapshot.SnapshotTaker;
import dev.patrol.config.BackupSetConfig;
import dev.patrol.state.InMemoryStateStore;
import dev.patrol.storage.ObjectContent;
import dev.patrol.storage.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;

/**
 * Backup sets in a bucket of a real S3-compatible server, verified end to end: the
 * healthy case, every broken case that depends on S3 (its checksums, objects vanishing,
 * 500s and throttling), the bucket's posture, and a snapshot written with S3's SHA-256.
 */
class S3BackupVerificationTest {
    static S3Client s3;
    static S3TestProxy proxy;
    static S3ObjectStore store;
    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
    String bucket;
    InMemoryStateStore state;

    @BeforeAll
    static void server() throws IOException {
        s3 = S3MockServer.client();
        proxy = new S3TestProxy(S3MockServer.endpoint());
        store = new S3ObjectStore(S3MockServer.client(proxy.endpoint(), 3), 5 << 20, 1000);
    }

    @org.junit.jupiter.api.AfterAll
    static void stop() {
        proxy.close();
    }

    @BeforeEach
    void freshBucket() {
        bucket = "backups-" + UUID.randomUUID().toString().substring(0, 8);
        S3MockServer.bucket(s3, bucket);
        state = new InMemoryStateStore();
        proxy.bareBucketSettings();
        proxy.failGets("-", 0, 500, "none");
    }

    /** A safe bucket: versioned, encrypted, public access blocked, with a lifecycle rule matching 30 days of retention. */
    private void safeBucket() {
        hardenedBucket();
        s3.putBucketLifecycleConfiguration(b -> b.bucket(bucket).lifecycleConfiguration(l -> l.rules(r -> r.id("expire")
                .status(ExpirationStatus.ENABLED).filter(f -> f.prefix("pipeline/")).expiration(e -> e.days(30)))));
    }

    private void hardenedBucket() {
        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        proxy.hardenedBucketSettings(); // S3Mock has no encryption or public access block settings
    }

    private String name(int daysAgo) {
        return "pipeline_" + LocalDate.now(ZoneOffset.UTC).minusDays(daysAgo).format(DAY) + ".csv.gz";
    }

    private void upload(int days) throws IOException {
        for (int d = days - 1; d >= 0; d--) put(name(d), Fixtures.gzip(Fixtures.csv(400 + days - d)));
    }

    private void put(String name, byte[] bytes) throws IOException {
        store.put("s3://" + bucket + "/pipeline/" + name, new ByteArrayInputStream(bytes), bytes.length);
    }

    private BackupSetConfig config() {
        return new BackupSetConfig("pipeline-csv", "s3://" + bucket + "/pipeline/", "pipeline_{yyyyMMdd}.csv.gz",
                Duration.ofDays(1), Duration.ofHours(26), Duration.ofDays(30), 100, "auto", Severity.P0, null, false, 1);
    }

    private BackupResult verify(ObjectStore with) {
        return new BackupVerifier(with, state, Clock.systemUTC(), VerifyOptions.DEFAULT.readingEverything()).verify(config());
    }

    @Test
    void aHealthySetInASafeBucketIsOkWithS3ChecksumsRecomputed() throws IOException {
        safeBucket();
        upload(10);
        BackupResult r = verify(store);
        assertThat(r.status()).as(r.message() + " " + r.details()).isEqualTo(Status.OK);
        @SuppressWarnings("unchecked")
        Map<String, Object> first = ((List<Map<String, Object>>) r.details().get("read")).get(0);
        assertThat(first.get("checksums")).isEqualTo(Map.of("S3 SHA256", "ok"));
        assertThat(r.details().get("posture").toString()).contains("versioning=enabled");
    }

    /** A pg_dump -Fd folder synced to a prefix (as aws s3 sync leaves it): one backup, good, then with its largest data file lost. */
    @Test
    void aDirectoryDumpSyncedToAPrefixIsOneBackupRestoreTestedFromS3(@TempDir Path tmp) throws Exception {
        dev.patrol.backups.tools.RealTools.require("initdb", "postgresql");
        try (dev.patrol.backups.tools.PostgresCluster pg = dev.patrol.backups.tools.PostgresCluster.start()) {
            pg.sql("postgres", "CREATE DATABASE crm");
            pg.sql("crm", "CREATE TABLE deals (id int, company text); INSERT INTO deals SELECT g, 'Acme ' || g FROM generate_series(1, 3000) g;"
                    + " CREATE TABLE notes (id int, body text); INSERT INTO notes SELECT g, md5(g::text) FROM generate_series(1, 200) g;");
            pg.dump("crm", tmp.resolve("crm.dir"), "-Fd");
        }
        String folder = "db_" + LocalDate.now(ZoneOffset.UTC).format(DAY) + "/";
        String biggest = null;
        long biggestSize = -1;
        try (var files = java.nio.file.Files.list(tmp.resolve("crm.dir"))) {
            for (Path f : files.toList()) {
                put(folder + f.getFileName(), java.nio.file.Files.readAllBytes(f));
                if (f.getFileName().toString().matches("\\d+\\.dat.*") && java.nio.file.Files.size(f) > biggestSize) {
                    biggest = f.getFileName().toString();
                    biggestSize = java.nio.file.Files.size(f);
                }
            }
        }
        BackupSetConfig db = new BackupSetConfig("crm-dir", "s3://" + bucket + "/pipeline/", "db_{yyyyMMdd}/",
                Duration.ofDays(1), Duration.ofHours(26), null, 100, "auto", Severity.P0, null, false, 1);
        BackupResult good = new BackupVerifier(store, state, Clock.systemUTC(), VerifyOptions.DEFAULT.readingEverything()).verify(db);
        assertThat(good.problems()).extracting(Problem::check).doesNotContain(Problem.Check.RESTORE, Problem.Check.LISTING, Problem.Check.FRESHNESS);
        assertThat(good.details().get("objects")).isEqualTo(1);
        assertThat(good.details().get("read").toString()).contains("public.deals").contains("3200 rows");

        String lost = biggest;
        s3.deleteObject(b -> b.bucket(bucket).key("pipeline/" + folder + lost));
        BackupResult broken = new BackupVerifier(store, state, Clock.systemUTC(), VerifyOptions.DEFAULT.readingEverything()).verify(db);
        assertThat(broken.status()).isEqualTo(Status.FAIL);
        assertThat(broken.problems()).anyMatch(p -> p.check() == Problem.Check.RESTORE
                && p.message().contains("has no data file") && p.message().contains("public.deals"));
    }

    @Test
    void anUnsafeBucketFailsOnPosture() throws IOException {
        upload(3);
        BackupResult r = verify(store);
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.problems()).extracting(Problem::check).containsOnly(Problem.Check.POSTURE);
        assertThat(r.message()).contains("has versioning off").contains("put-bucket-versioning --bucket " + bucket);
        assertThat(r.problems()).anyMatch(p -> p.message().contains("has no default encryption"));
        assertThat(r.problems()).anyMatch(p -> p.message().contains("does not block public access"));
        assertThat(r.problems()).anyMatch(p -> p.message().startsWith("nothing ends backups in bucket " + bucket + " after retention 30d"));
    }

    @Test
    void aLifecycleRuleShorterThanRetentionFails() throws IOException {
        hardenedBucket();
        s3.putBucketLifecycleConfiguration(b -> b.bucket(bucket).lifecycleConfiguration(l -> l.rules(r -> r.id("too-short")
                .status(ExpirationStatus.ENABLED).filter(f -> f.prefix("")).expiration(e -> e.days(7)))));
        upload(3);
        assertThat(verify(store).message()).startsWith("lifecycle rule 'too-short' of bucket " + bucket + " deletes backups after 7d, before retention 30d");
    }

    @Test
    void aMultipartBackupIsCheckedAgainstItsCompositeChecksum() throws IOException {
        safeBucket();
        byte[] big = new byte[11 << 20]; // three parts of 5 MB
        new java.util.Random(7).nextBytes(big);
        String today = LocalDate.now(ZoneOffset.UTC).format(DAY);
        store.put("s3://" + bucket + "/pipeline/blob_" + today + ".bin", new ByteArrayInputStream(big), -1);
        BackupSetConfig blobs = new BackupSetConfig("blobs", "s3://" + bucket + "/pipeline/", "blob_{yyyyMMdd}.bin",
                Duration.ofDays(1), Duration.ofHours(26), Duration.ofDays(30), 100, "auto", Severity.P0, null, false, 1);
        BackupResult r = new BackupVerifier(store, state, Clock.systemUTC()).verify(blobs);
        assertThat(r.status()).as(r.message()).isEqualTo(Status.OK);
        assertThat(r.details().get("read").toString()).contains("S3 SHA256 (composite of 3 parts)=ok");
    }

    @Test
    void aTruncatedUploadAndASidecarMismatchFail() throws IOException {
        safeBucket();
        upload(5);
        put(name(1), Fixtures.truncate(Fixtures.gzip(Fixtures.csv(5000)), 0.5));
        put(name(0) + ".sha256", ("00".repeat(32) + "  " + name(0) + "\n").getBytes());
        BackupResult r = verify(store);
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.problems()).anyMatch(p -> p.check() == Problem.Check.RESTORE && p.message().startsWith(name(1) + " would not restore"));
        assertThat(r.problems()).anyMatch(p -> p.check() == Problem.Check.INTEGRITY && p.message().startsWith(name(0) + " does not match"));
    }

    @Test
    void anObjectDeletedBetweenListingAndReading() throws IOException {
        safeBucket();
        upload(4);
        String victim = "s3://" + bucket + "/pipeline/" + name(2);
        ObjectStore deleting = new ForwardingStore(store) {
            @Override
            public ObjectContent open(String location) throws IOException {
                if (location.equals(victim)) store.delete(victim);
                return super.open(location);
            }
        };
        BackupResult r = verify(deleting);
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.message()).startsWith(name(2) + " was listed but gone when read");
    }

    @Test
    void s3ThrottlingPastRetriesIsAnErrorAndThrottlingWithinRetriesIsFine() throws Exception {
        safeBucket();
        upload(3);
        proxy.failGets(name(0), 2, 503, "SlowDown");
        BackupResult retried = verify(store);
        assertThat(proxy.faultsServed()).isEqualTo(2);
        assertThat(retried.status()).as(retried.message()).isEqualTo(Status.OK);

        proxy.failGets(name(0), 100, 503, "SlowDown");
        BackupResult throttled = verify(store);
        assertThat(throttled.status()).isEqualTo(Status.ERROR);
        assertThat(throttled.message()).startsWith("S3 kept answering 503 SlowDown to GetObject on s3://" + bucket + "/pipeline/" + name(0)
                + " after 3 attempts");
    }

    @Test
    void s3InternalErrorsAreAnErrorForThatSetOnly() throws Exception {
        safeBucket();
        upload(3);
        proxy.failGets(name(1), 100, 500, "InternalError");
        BackupResult r = verify(store);
        assertThat(r.status()).isEqualTo(Status.ERROR);
        assertThat(r.message()).contains("S3 failed GetObject").contains("500 InternalError").contains("after 3 attempts");
        assertThat(r.problems()).hasSize(1);
    }

    @Test
    void aSnapshotOfAGitRepositoryLandsWithS3Sha256AndAManifestAndVerifies(@TempDir Path tmp) throws Exception {
        safeBucket();
        Path repo = Fixtures.gitRepository(tmp.resolve("deals"));
        BackupSetConfig set = new BackupSetConfig("deals-repo", "s3://" + bucket + "/git/", "deals_{yyyyMMdd}.bundle",
                Duration.ofDays(1), Duration.ofHours(26), Duration.ofDays(30), 1, "auto", Severity.P1, repo.toString(), false, 1);
        BackupVerifier verifier = new BackupVerifier(store, state, Clock.systemUTC());
        BackupResult r = new SnapshotTaker(store, verifier, Clock.systemUTC()).take(set);
        assertThat(r.status()).as(r.message()).isEqualTo(Status.OK);
        assertThat(r.details().get("read").toString()).contains("S3 SHA256=ok").contains(".patrol.json=ok").contains("refs/heads/main");
        String key = "git/deals_" + LocalDate.now(ZoneOffset.UTC).format(DAY) + ".bundle";
        assertThat(s3.headObject(b -> b.bucket(bucket).key(key).checksumMode(software.amazon.awssdk.services.s3.model.ChecksumMode.ENABLED))
                .checksumSHA256()).isNotNull();
    }
}
