package dev.patrol.bench;

import dev.patrol.alert.Severity;
import dev.patrol.backups.BackupResult;
import dev.patrol.backups.BackupVerifier;
import dev.patrol.backups.VerifyOptions;
import dev.patrol.config.AwsConfig;
import dev.patrol.config.BackupSetConfig;
import dev.patrol.s3.S3ObjectStore;
import dev.patrol.state.InMemoryStateStore;
import dev.patrol.storage.LocalFileStore;
import dev.patrol.storage.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The backups benchmark's Java side (scripts/bench-backups runs it): verifies one big
 * object or a set of many small ones, from a folder or through the S3 adapter, and
 * prints the wall time of each verification as measured inside the JVM.
 *
 * <pre>
 *   verify LOCATION PATTERN RUNS       verify a set (every object read) RUNS times
 *   put ENDPOINT s3://b/key FILE       upload a file through the S3 adapter (SHA-256, multipart)
 *   bucket ENDPOINT NAME               create a bucket
 *   small LOCATION COUNT [ENDPOINT [CURLFILE]]  write COUNT small gzipped CSVs named small_{yyyyMMddHHmm}.csv.gz,
 *                                      one a minute; CURLFILE gets a curl config fetching them all to /dev/null
 * </pre>
 */
public final class BackupBench {
    private BackupBench() {}

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "verify" -> verify(args[1], args[2], Integer.parseInt(args[3]), args.length > 4 ? args[4] : null);
            case "put" -> put(args[1], args[2], Path.of(args[3]));
            case "bucket" -> client(args[1]).createBucket(b -> b.bucket(args[2]));
            case "small" -> small(args[1], Integer.parseInt(args[2]), args.length > 3 ? args[3] : null, args.length > 4 ? args[4] : null);
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    private static S3Client client(String endpoint) {
        return S3ObjectStore.client(new AwsConfig("us-east-1", endpoint),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")), 3, null);
    }

    private static ObjectStore store(String location, String endpoint) {
        return location.startsWith("s3://") ? new S3ObjectStore(client(endpoint)) : new LocalFileStore();
    }

    private static void verify(String location, String pattern, int runs, String endpoint) {
        ObjectStore store = store(location, endpoint);
        BackupSetConfig set = new BackupSetConfig("bench", location, pattern, Duration.ofMinutes(1), null, null, 0, "auto",
                Severity.P3, null, false, 1);
        List<Double> seconds = new ArrayList<>();
        BackupResult last = null;
        for (int i = 0; i < runs; i++) {
            BackupVerifier verifier = new BackupVerifier(store, new InMemoryStateStore(), Clock.systemUTC(),
                    VerifyOptions.DEFAULT.readingEverything().withParallelReads(8));
            long start = System.nanoTime();
            last = verifier.verify(set);
            seconds.add((System.nanoTime() - start) / 1e9);
        }
        List<Double> sorted = new ArrayList<>(seconds);
        Collections.sort(sorted);
        System.out.printf(Locale.ROOT, "verify %s: %s; runs %s s; median %.3f s; bytes read %s%n", location, last.status().id(),
                seconds.stream().map(s -> String.format(Locale.ROOT, "%.3f", s)).toList(), sorted.get((sorted.size() - 1) / 2),
                last.details().get("bytesRead"));
        if (!last.ok()) System.out.println("  " + last.message());
    }

    private static void put(String endpoint, String location, Path file) throws Exception {
        long start = System.nanoTime();
        try (InputStream in = Files.newInputStream(file)) {
            var r = new S3ObjectStore(client(endpoint)).put(location, in, Files.size(file));
            System.out.printf(Locale.ROOT, "put %s: %d bytes in %.1f s, sha256 %s%n", location, r.size(), (System.nanoTime() - start) / 1e9, r.sha256());
        }
    }

    private static void small(String location, int count, String endpoint, String curlFile) throws Exception {
        ObjectStore store = store(location, endpoint);
        Instant first = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).minus(Duration.ofMinutes(count - 1));
        var names = java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmm").withZone(java.time.ZoneOffset.UTC);
        String base = location.endsWith("/") ? location : location + "/";
        long start = System.nanoTime();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        List<java.util.concurrent.Future<?>> writes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = i;
            writes.add(pool.submit(() -> {
                Instant t = first.plus(Duration.ofMinutes(n));
                byte[] csv = dev.patrol.backups.Fixtures.gzip(dev.patrol.backups.Fixtures.csv(20 + n % 7));
                String where = base + "small_" + names.format(t) + ".csv.gz";
                store.put(where, new ByteArrayInputStream(csv), csv.length);
                if (!location.startsWith("s3://")) Files.setLastModifiedTime(Path.of(where), java.nio.file.attribute.FileTime.from(t));
                return null;
            }));
        }
        for (var w : writes) w.get();
        pool.shutdown();
        if (curlFile != null) { // the same objects for curl: s3://bucket/key -> ENDPOINT/bucket/key
            StringBuilder config = new StringBuilder();
            for (int i = 0; i < count; i++) {
                String key = base.substring("s3://".length()) + "small_" + names.format(first.plus(Duration.ofMinutes(i))) + ".csv.gz";
                config.append("url = \"").append(endpoint).append('/').append(key).append("\"\noutput = \"/dev/null\"\n");
            }
            Files.writeString(Path.of(curlFile), config);
        }
        System.out.printf(Locale.ROOT, "wrote %d small objects to %s in %.1f s%n", count, location, (System.nanoTime() - start) / 1e9);
    }
}
