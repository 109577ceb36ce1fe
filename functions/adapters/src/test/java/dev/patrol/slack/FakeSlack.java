package dev.patrol.slack;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for Slack's incoming-webhook endpoint on 127.0.0.1: answers each
 * POST with the next scripted reply (200 "ok" once the script runs out) and
 * records what it received.
 */
final class FakeSlack implements AutoCloseable {
    /** The secret part of the webhook URL: tests check it never shows up in a message. */
    static final String SECRET_PATH = "/services/T0PATROL/B0ALERTS/s3cr3tW3bh00kT0k3n";

    record Reply(int status, Map<String, String> headers, String body) {}

    record Received(Instant at, String contentType, String body) {}

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    FakeSlack() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(SECRET_PATH, exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(Instant.now(), exchange.getRequestHeaders().getFirst("Content-Type"),
                    new String(body, StandardCharsets.UTF_8)));
            Reply reply = script.poll();
            if (reply == null) reply = new Reply(200, Map.of(), "ok");
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
    }

    FakeSlack then(int status, String body) {
        return then(status, Map.of(), body);
    }

    FakeSlack then(int status, Map<String, String> headers, String body) {
        script.add(new Reply(status, headers, body));
        return this;
    }

    String webhookUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + SECRET_PATH;
    }

    List<Received> received() {
        return received;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
