package dev.patrol.s3;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An S3 endpoint in front of S3Mock (or moto_server) that does what they cannot: it misbehaves on cue
 * (answers chosen requests with an S3 error, 500 InternalError or 503 SlowDown, a given
 * number of times, or drops the connection halfway through an object's bytes), and answers the bucket settings S3Mock does not implement (default
 * encryption, public access block) with the XML S3 sends. Everything else is forwarded
 * unchanged to S3Mock.
 */
public final class S3TestProxy implements AutoCloseable {
    private static final Set<String> HOP_HEADERS = Set.of("host", "content-length", "transfer-encoding", "connection", "expect");

    private record Fault(Predicate<HttpExchange> when, int status, String code, AtomicInteger left) {}

    private final HttpServer server;
    private final String target;
    private volatile Fault fault;
    private volatile Predicate<HttpExchange> cut = x -> false;
    private volatile Predicate<HttpExchange> wrongSha256 = x -> false;
    private final Map<String, Canned> canned = new java.util.concurrent.ConcurrentHashMap<>();

    private record Canned(int status, String xml) {}
    private final AtomicInteger faultsServed = new AtomicInteger();

    public S3TestProxy(String target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next {@code times} GETs of a key ending in {@code keySuffix} get {@code status code}. */
    void failGets(String keySuffix, int times, int status, String code) {
        faultsServed.set(0);
        fault = new Fault(x -> x.getRequestMethod().equals("GET") && x.getRequestURI().getPath().endsWith(keySuffix),
                status, code, new AtomicInteger(times));
    }

    /** GETs of a key ending in {@code keySuffix} send the object's headers and half its bytes, then drop the connection. */
    public void cutGets(String keySuffix) {
        cut = x -> x.getRequestMethod().equals("GET") && x.getRequestURI().getPath().endsWith(keySuffix);
    }

    /** GETs and HEADs of a key ending in {@code keySuffix} say S3 keeps a SHA-256 (of 32 zero bytes) the object's bytes do not have. */
    public void misstateSha256(String keySuffix) {
        wrongSha256 = x -> x.getRequestURI().getPath().endsWith(keySuffix);
    }

    /** GETs of a bucket sub-resource ({@code encryption}, {@code publicAccessBlock}) get this answer. */
    void answer(String subresource, int status, String xml) {
        canned.put(subresource, new Canned(status, xml));
    }

    /** Answers as a bucket with SSE-S3 default encryption and all four public-access blocks on. */
    void hardenedBucketSettings() {
        String ns = " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"";
        answer("encryption", 200, "<ServerSideEncryptionConfiguration" + ns + "><Rule><ApplyServerSideEncryptionByDefault>"
                + "<SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault><BucketKeyEnabled>false</BucketKeyEnabled>"
                + "</Rule></ServerSideEncryptionConfiguration>");
        answer("publicAccessBlock", 200, "<PublicAccessBlockConfiguration" + ns + "><BlockPublicAcls>true</BlockPublicAcls>"
                + "<IgnorePublicAcls>true</IgnorePublicAcls><BlockPublicPolicy>true</BlockPublicPolicy>"
                + "<RestrictPublicBuckets>true</RestrictPublicBuckets></PublicAccessBlockConfiguration>");
    }

    /** Answers as a bucket that never had default encryption or a public access block set (S3's 404s). */
    void bareBucketSettings() {
        answer("encryption", 404, error("ServerSideEncryptionConfigurationNotFoundError"));
        answer("publicAccessBlock", 404, error("NoSuchPublicAccessBlockConfiguration"));
    }

    private static String error(String code) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + code
                + "</Message><RequestId>patrol-test</RequestId></Error>";
    }

    int faultsServed() {
        return faultsServed.get();
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            Fault f = fault;
            if (f != null && f.when.test(x) && f.left.getAndDecrement() > 0) {
                faultsServed.incrementAndGet();
                byte[] body = error(f.code).getBytes(StandardCharsets.UTF_8);
                x.getResponseHeaders().add("Content-Type", "application/xml");
                x.sendResponseHeaders(f.status, body.length);
                x.getResponseBody().write(body);
                return;
            }
            String query = x.getRequestURI().getRawQuery();
            Canned answer = query == null || !x.getRequestMethod().equals("GET") ? null : canned.get(query.replace("=", ""));
            if (answer != null) {
                byte[] body = answer.xml.getBytes(StandardCharsets.UTF_8);
                x.getResponseHeaders().add("Content-Type", "application/xml");
                x.sendResponseHeaders(answer.status, body.length);
                x.getResponseBody().write(body);
                return;
            }
            forward(x);
        }
    }

    private void forward(HttpExchange x) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(target + x.getRequestURI().getRawPath()
                + (x.getRequestURI().getRawQuery() == null ? "" : "?" + x.getRequestURI().getRawQuery())).toURL().openConnection();
        c.setRequestMethod(x.getRequestMethod());
        for (Map.Entry<String, List<String>> h : x.getRequestHeaders().entrySet()) {
            if (HOP_HEADERS.contains(h.getKey().toLowerCase())) continue;
            for (String v : h.getValue()) c.addRequestProperty(h.getKey(), v);
        }
        String length = x.getRequestHeaders().getFirst("Content-Length");
        boolean hasBody = length != null ? Long.parseLong(length) > 0 : x.getRequestHeaders().containsKey("Transfer-Encoding");
        if (hasBody) {
            c.setDoOutput(true);
            if (length != null) c.setFixedLengthStreamingMode(Long.parseLong(length));
            else c.setChunkedStreamingMode(64 * 1024);
            try (InputStream in = x.getRequestBody(); OutputStream out = c.getOutputStream()) {
                in.transferTo(out);
            }
        }
        int status = c.getResponseCode();
        for (Map.Entry<String, List<String>> h : c.getHeaderFields().entrySet()) {
            if (h.getKey() == null || HOP_HEADERS.contains(h.getKey().toLowerCase())) continue;
            for (String v : h.getValue()) x.getResponseHeaders().add(h.getKey(), v);
        }
        if (x.getResponseHeaders().containsKey("x-amz-checksum-sha256") && wrongSha256.test(x)) {
            x.getResponseHeaders().set("x-amz-checksum-sha256", java.util.Base64.getEncoder().encodeToString(new byte[32]));
        }
        InputStream body = status >= 400 ? c.getErrorStream() : c.getInputStream();
        long contentLength = c.getContentLengthLong();
        boolean noBody = x.getRequestMethod().equals("HEAD") || status == 204 || status == 304;
        if (x.getRequestMethod().equals("HEAD") && contentLength >= 0) {
            x.getResponseHeaders().set("Content-Length", String.valueOf(contentLength)); // HEAD tells the size it does not send
        }
        x.sendResponseHeaders(status, noBody ? -1 : contentLength >= 0 ? (contentLength == 0 ? -1 : contentLength) : 0);
        if (!noBody && body != null && status < 300 && cut.test(x)) {
            // the length promised, half of it sent: closing the exchange then drops the connection
            try (body) {
                byte[] all = body.readAllBytes();
                x.getResponseBody().write(all, 0, all.length / 2);
                x.getResponseBody().flush();
            }
        } else if (!noBody && body != null) {
            try (body; OutputStream out = x.getResponseBody()) {
                body.transferTo(out);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
