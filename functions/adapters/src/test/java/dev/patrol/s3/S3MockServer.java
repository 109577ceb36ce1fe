package dev.patrol.s3;

import dev.patrol.config.AwsConfig;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3Mock, a real S3-compatible server, in its own process on loopback: started once
 * per test JVM on first use (≈ 7 s) and stopped when the JVM exits. Run out of process
 * because inside this JVM it would clash with Spring Boot. The jar is copied to
 * {@code target/s3mock} by the build (see the adapters' pom), or named by the
 * {@code s3mock.jar} system property.
 */
public final class S3MockServer {
    private static Process process;
    private static String endpoint;

    private S3MockServer() {}

    /** The server's HTTP endpoint, starting it if needed. */
    public static synchronized String endpoint() {
        if (endpoint == null) start();
        return endpoint;
    }

    /** A client for the server with quick retries (tests must not sleep through real backoff). */
    public static S3Client client() {
        return client(endpoint(), 3);
    }

    public static S3Client client(String endpoint, int maxAttempts) {
        return S3ObjectStore.client(new AwsConfig("us-east-1", endpoint),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")), maxAttempts,
                BackoffStrategy.fixedDelay(Duration.ofMillis(20)));
    }

    /** Creates the bucket unless it exists. */
    public static void bucket(S3Client s3, String name) {
        try {
            s3.createBucket(b -> b.bucket(name));
        } catch (software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException
                 | software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException exists) {
            // fine
        }
    }

    private static void start() {
        Path jar = Path.of(System.getProperty("s3mock.jar", "target/s3mock/s3mock-exec.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("S3Mock jar not found at " + jar.toAbsolutePath()
                    + ": run the tests through Maven (process-test-resources copies it) or set -Ds3mock.jar=PATH");
        }
        try {
            int http = freePort();
            int https = freePort();
            Path root = Files.createTempDirectory("patrol-s3mock-");
            Path log = jar.resolveSibling("s3mock-" + http + ".log");
            String java = ProcessHandle.current().info().command().orElse("java");
            process = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-jar", jar.toString(),
                    "--http.port=" + http, "--server.port=" + https, "--server.address=127.0.0.1",
                    "--com.adobe.testing.s3mock.store.root=" + root, "--logging.level.root=WARN")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(root)));
            String url = "http://127.0.0.1:" + http;
            waitUntilUp(url, log);
            endpoint = url;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start S3Mock: " + e.getMessage(), e);
        }
    }

    /** Stops the server and removes its store, so test runs leave nothing behind in the temp folder. */
    private static void stop(Path root) {
        process.destroy();
        try {
            process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // the temp folder is cleaned by the OS in the end
        }
    }

    private static void waitUntilUp(String url, Path log) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) throw new IllegalStateException("S3Mock exited at start; see " + log.toAbsolutePath());
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(url + "/").toURL().openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(2000);
                if (c.getResponseCode() > 0) return;
            } catch (IOException notYet) {
                // still starting
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while S3Mock started", e);
            }
        }
        throw new IllegalStateException("S3Mock did not answer within 90 s; see " + log.toAbsolutePath());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
