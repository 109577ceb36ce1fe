package dev.patrol.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.alert.Severity;
import dev.patrol.backups.BackupResult;
import dev.patrol.backups.BackupVerifier;
import dev.patrol.backups.Fixtures;
import dev.patrol.backups.Status;
import dev.patrol.backups.VerifyOptions;
import dev.patrol.config.BackupSetConfig;
import dev.patrol.state.InMemoryStateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.StorageClass;

/**
 * Backups in S3's archive classes, against moto (which, like S3, refuses a GET of a
 * Glacier object until it is restored): an archived object is its own outcome, checked
 * on size, checksum attributes and retention without reading; Glacier Instant
 * Retrieval and Intelligent-Tiering are read as usual; {@code restoreTest: request}
 * asks for a restore and reads the copy on the next run.
 */
class S3ArchiveClassesTest {
    private static MotoServer moto;
    private static S3Client s3;
    private static S3ObjectStore store;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    @BeforeAll
    static void server() throws Exception {
        moto = MotoServer.start();
        s3 = S3MockServer.client(moto.endpoint(), 2);
        store = new S3ObjectStore(s3, 5 << 20, 1000);
    }

    @AfterAll
    static void stop() {
        if (moto != null) moto.close();
    }

    /** Versioned, encrypted, private, with a lifecycle rule: so that only the archive classes are under test. */
    private static void safeBucket(String bucket, String prefix) {
        s3.createBucket(b -> b.bucket(bucket));
        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        s3.putBucketEncryption(b -> b.bucket(bucket).serverSideEncryptionConfiguration(c -> c.rules(r -> r
                .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AES256)))));
        s3.putPublicAccessBlock(b -> b.bucket(bucket).publicAccessBlockConfiguration(c -> c.blockPublicAcls(true)
                .ignorePublicAcls(true).blockPublicPolicy(true).restrictPublicBuckets(true)));
        s3.putBucketLifecycleConfiguration(b -> b.bucket(bucket).lifecycleConfiguration(l -> l.rules(r -> r.id("expire")
                .status(ExpirationStatus.ENABLED).filter(f -> f.prefix(prefix)).expiration(e -> e.days(90)))));
    }

    private static String put(String bucket, String prefix, StorageClass storage, int daysAgo, byte[] bytes) {
        String key = prefix + "db_" + LocalDate.now(ZoneOffset.UTC).minusDays(daysAgo).format(DAY) + ".csv.gz";
        s3.putObject(b -> b.bucket(bucket).key(key).storageClass(storage).checksumAlgorithm(ChecksumAlgorithm.SHA256), RequestBody.fromBytes(bytes));
        return key;
    }

    private static BackupResult verify(String bucket, String prefix, String restoreTest, InMemoryStateStore state) {
        BackupSetConfig config = new BackupSetConfig("db", "s3://" + bucket + "/" + prefix, "db_{yyyyMMdd}.csv.gz", Duration.ofDays(1),
                Duration.ofHours(26), Duration.ofDays(90), 1, "auto", Severity.P1, null, false, 1, restoreTest);
        return new BackupVerifier(store, state, Clock.systemUTC(), VerifyOptions.DEFAULT.readingEverything()).verify(config);
    }

    @Test
    void archivedObjectsAreCheckedWithoutReadingAndInstantClassesAreRead() throws Exception {
        String bucket = "archive-" + Instant.now().toEpochMilli();
        safeBucket(bucket, "a/");
        byte[] good = Fixtures.gzip(Fixtures.csv(500));
        put(bucket, "a/", StorageClass.GLACIER_IR, 3, good);
        put(bucket, "a/", StorageClass.INTELLIGENT_TIERING, 2, good);
        put(bucket, "a/", StorageClass.DEEP_ARCHIVE, 1, good);
        put(bucket, "a/", StorageClass.GLACIER, 0, Fixtures.truncate(good, 0.5)); // broken, but nobody can tell without a restore
        BackupResult r = verify(bucket, "a/", "read", new InMemoryStateStore());
        assertThat(r.status()).as(r.problems().toString()).isEqualTo(Status.OK);
        assertThat(r.message()).contains("2 read in full, 2 archived (content not read)")
                .contains("archived in GLACIER: size, checksum attributes and retention checked; content not read");
        List<?> reads = (List<?>) r.details().get("read");
        assertThat(reads).hasSize(4);
        assertThat(reads).filteredOn(m -> ((Map<?, ?>) m).containsKey("bytes")).hasSize(2);
    }

    @Test
    void restoreTestRequestRestoresTheNewestAndReadsItOnTheNextRun() throws Exception {
        String bucket = "restore-" + Instant.now().toEpochMilli();
        safeBucket(bucket, "r/");
        byte[] good = Fixtures.gzip(Fixtures.csv(500));
        put(bucket, "r/", StorageClass.GLACIER, 1, good);
        String newest = put(bucket, "r/", StorageClass.GLACIER, 0, Fixtures.truncate(good, 0.5));
        InMemoryStateStore state = new InMemoryStateStore();
        BackupResult first = verify(bucket, "r/", "request", state);
        assertThat(first.status()).as(first.problems().toString()).isEqualTo(Status.OK);
        assertThat(first.message()).contains("restore requested");
        assertThat(s3.headObject(b -> b.bucket(bucket).key(newest)).restore()).isNotNull();
        BackupResult second = verify(bucket, "r/", "request", state);
        assertThat(second.status()).isEqualTo(Status.FAIL);
        assertThat(second.message()).contains(newest.substring(2) + " would not restore").contains("truncated");
    }
}
