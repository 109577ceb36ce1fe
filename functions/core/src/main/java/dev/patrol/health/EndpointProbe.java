package dev.patrol.health;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Asks an endpoint once, with a strict deadline that covers connecting, the
 * headers and the body: a server that accepts and never answers, or trickles its
 * body, fails at the timeout. Bodies are read up to 1 MB.
 */
public final class EndpointProbe {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(EndpointProbe.class);
    static final int BODY_CAP = 1 << 20;
    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "patrol-deadlines");
        t.setDaemon(true);
        return t;
    });

    /** Built on the first probe: its TLS set-up costs about 0.2 s of a Lambda cold start, wasted when no endpoint is configured. */
    private final java.util.function.Supplier<HttpClient> factory;
    private volatile HttpClient client;

    public EndpointProbe() {
        this.factory = () -> dev.patrol.net.HttpClients.build(HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30))
                .executor(Executors.newVirtualThreadPerTaskExecutor()));
    }

    public EndpointProbe(HttpClient client) {
        this.factory = () -> client;
    }

    /** Builds the client now, rather than on the first probe, which all the others would wait for. */
    public void prepare() {
        client();
    }

    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    long start = System.nanoTime();
                    client = factory.get();
                    log.debug("HTTP client built in {} ms", (System.nanoTime() - start) / 1_000_000);
                }
                c = client;
            }
        }
        return c;
    }

    /** The answer, or a failure that says what went wrong without repeating the URL (it may carry a key). */
    public sealed interface Outcome {}

    public record Answered(HttpAnswer answer) implements Outcome {}

    public record Failed(String reason, Duration elapsed) implements Outcome {}

    public Outcome probe(URI uri, String method, Map<String, String> headers, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("User-Agent", "Patrol/1 (health check)");
        if ("http".equalsIgnoreCase(uri.getScheme())) b.version(HttpClient.Version.HTTP_1_1);
        headers.forEach(b::header);
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        String where = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        CompletableFuture<HttpResponse<InputStream>> future = client().sendAsync(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        HttpResponse<InputStream> response;
        try {
            response = future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return new Failed("no answer from " + where + " within " + dev.patrol.time.Durations.format(timeout) + " (timeout)", since(start));
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            return new Failed("check interrupted", since(start));
        } catch (ExecutionException e) {
            return new Failed(reason(e.getCause(), where, timeout), since(start));
        }
        InputStream body = response.body();
        ScheduledFuture<?> closer = DEADLINES.schedule(() -> closeQuietly(body), Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        byte[] bytes;
        try (body) {
            bytes = body.readNBytes(BODY_CAP + 1); // one byte more tells a body cut at the cap from one that fits
        } catch (IOException e) {
            if (System.nanoTime() >= deadline) {
                return new Failed("answer from " + where + " did not finish within " + dev.patrol.time.Durations.format(timeout)
                        + " (HTTP " + response.statusCode() + ", body still arriving)", since(start));
            }
            return new Failed("answer from " + where + " broke off: " + e.getMessage(), since(start));
        } finally {
            closer.cancel(false);
        }
        Duration elapsed = since(start);
        Instant notAfter = response.sslSession().map(s -> {
            try {
                Certificate[] chain = s.getPeerCertificates();
                return chain.length > 0 && chain[0] instanceof X509Certificate x ? x.getNotAfter().toInstant() : null;
            } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
                return null;
            }
        }).orElse(null);
        boolean cut = bytes.length > BODY_CAP;
        String text = new String(bytes, 0, Math.min(bytes.length, BODY_CAP), StandardCharsets.UTF_8);
        int redirects = 0;
        for (var r = response.previousResponse(); r.isPresent(); r = r.get().previousResponse()) redirects++;
        return new Answered(new HttpAnswer(response.statusCode(), elapsed, response.headers().map(), text, notAfter, cut, redirects));
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // closing is how the deadline interrupts a trickling body
        }
    }

    private static String reason(Throwable e, String where, Duration timeout) {
        if (e instanceof HttpConnectTimeoutException) return "could not connect to " + where + " within " + dev.patrol.time.Durations.format(timeout);
        if (e instanceof HttpTimeoutException) return "no answer from " + where + " within " + dev.patrol.time.Durations.format(timeout) + " (timeout)";
        // The whole chain, not the first likely cause: an unknown host arrives as a ConnectException
        // whose cause says the address could not be resolved.
        java.util.List<Throwable> chain = new java.util.ArrayList<>();
        for (Throwable t = e; t != null && !chain.contains(t); t = t.getCause()) chain.add(t);
        String host = where.replaceFirst(":\\d+$", "");
        if (chain.stream().anyMatch(t -> t instanceof UnknownHostException || t instanceof java.nio.channels.UnresolvedAddressException)) {
            return "cannot resolve the host name " + host + ": check the URL's host, and this machine's DNS";
        }
        Throwable tls = chain.stream().filter(t -> t instanceof SSLException).findFirst().orElse(null);
        if (tls != null) return "TLS with " + where + " failed: " + tlsReason(chain, host);
        if (chain.stream().anyMatch(t -> t instanceof ConnectException)) {
            return "connection refused by " + where + ": nothing listens on that port (is the service running, and is the port right?)";
        }
        Throwable root = chain.getLast();
        String m = root.getMessage();
        return "request to " + where + " failed: " + (m == null || m.isBlank() ? "the connection broke off" : withoutClassNames(m));
    }

    /** What a person can do about a TLS failure, in words rather than the JDK's certificate-path classes. */
    private static String tlsReason(java.util.List<Throwable> chain, String host) {
        for (Throwable t : chain) {
            if (t instanceof java.security.cert.CertificateExpiredException) {
                return "its certificate has expired; renew it on the server";
            }
            if (t instanceof java.security.cert.CertPathBuilderException || t instanceof java.security.cert.CertPathValidatorException) {
                return "its certificate is not trusted (self-signed, or issued by an authority this machine does not trust);"
                        + " install a certificate from a public authority, or add the issuer to the Java trust store";
            }
            String m = t.getMessage() == null ? "" : t.getMessage();
            if (m.contains("No subject alternative") || m.contains("does not match")) {
                return "its certificate is not for " + host + "; check the URL's host or the server's certificate";
            }
        }
        String m = chain.getLast().getMessage();
        return m == null ? "the handshake failed" : withoutClassNames(m);
    }

    /** "PKIX path building failed: sun.security….SunCertPathBuilderException: unable to …" without the class names. */
    private static String withoutClassNames(String message) {
        return message.replaceAll("(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error): ?", "").strip();
    }
}
