package dev.patrol.verify;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * moto_server on loopback with authentication on after the first two requests
 * (INITIAL_NO_AUTH_ACTION_COUNT): those create an IAM user and its access key,
 * after which STS checks every signature, so only that key pair works.
 */
public final class MotoIam implements AutoCloseable {

    public record KeyPair(String id, String secret, String arn) {}

    private final Process process;
    public final String endpoint;
    public final KeyPair key;

    private MotoIam(Process process, String endpoint, KeyPair key) {
        this.process = process;
        this.endpoint = endpoint;
        this.key = key;
    }

    /** Started with a user {@code deploy} and one key; empty when moto_server is not on PATH. */
    public static Optional<MotoIam> start(Path logDir) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(Files.createTempFile(logDir, "moto", ".log").toFile());
        pb.environment().put("INITIAL_NO_AUTH_ACTION_COUNT", "2");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return Optional.empty();
        }
        String endpoint = "http://127.0.0.1:" + port;
        try {
            HttpClient http = HttpClient.newHttpClient();
            awaitUp(http, endpoint);
            iam(http, endpoint, "Action=CreateUser&UserName=deploy&Version=2010-05-08");
            String key = iam(http, endpoint, "Action=CreateAccessKey&UserName=deploy&Version=2010-05-08");
            return Optional.of(new MotoIam(p, endpoint, new KeyPair(tag(key, "AccessKeyId"), tag(key, "SecretAccessKey"),
                    "arn:aws:iam::123456789012:user/deploy")));
        } catch (Exception e) {
            p.destroy();
            throw e;
        }
    }

    private static void awaitUp(HttpClient http, String endpoint) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                http.send(HttpRequest.newBuilder(URI.create(endpoint + "/moto-api/")).GET().build(), HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException e) {
                if (System.nanoTime() > until) throw new IllegalStateException("moto_server did not start on " + endpoint);
                Thread.sleep(100);
            }
        }
    }

    /** An IAM query call; moto reads the service from the credential scope, and these first calls are not checked. */
    private static String iam(HttpClient http, String endpoint, String form) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(endpoint + "/")).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<String> res = http.send(r, HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 200) throw new IllegalStateException("moto IAM " + form + ": HTTP " + res.statusCode());
        return res.body();
    }

    private static String tag(String xml, String name) {
        Matcher m = Pattern.compile("<" + name + ">([^<]+)</" + name + ">").matcher(xml);
        if (!m.find()) throw new IllegalStateException("no " + name + " in moto's answer");
        return m.group(1);
    }

    @Override
    public void close() {
        process.destroy();
    }
}
