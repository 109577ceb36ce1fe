package dev.patrol.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real HTTP server on 127.0.0.1 for end-to-end tests: a backend whose health
 * answer the test sets, a path that accepts and never answers, and a Slack
 * webhook receiver whose HTTP status the test sets.
 */
final class TestService implements AutoCloseable {
    final AtomicReference<String> healthStatus = new AtomicReference<>("healthy");
    final AtomicInteger slackStatus = new AtomicInteger(200);
    final List<String> slackPosts = new CopyOnWriteArrayList<>();
    /** A second Slack webhook (/slack/ops), for routes to two channels. */
    final AtomicInteger opsSlackStatus = new AtomicInteger(200);
    final List<String> opsSlackPosts = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    TestService() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/health", ex -> {
            String s = healthStatus.get();
            reply(ex, s.equals("healthy") ? 200 : 503, "{\"status\":\"" + s + "\",\"checks\":{\"database\":{\"status\":\"" + s + "\"}}}");
        });
        server.createContext("/hang", ex -> {
            try {
                Thread.sleep(600_000);
            } catch (InterruptedException ignored) {
                ex.close();
            }
        });
        server.createContext("/slack/hook", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status = slackStatus.get();
            if (status == 200) slackPosts.add(body);
            reply(ex, status, status == 200 ? "ok" : "internal_error");
        });
        server.createContext("/slack/ops", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status = opsSlackStatus.get();
            if (status == 200) opsSlackPosts.add(body);
            reply(ex, status, status == 200 ? "ok" : "internal_error");
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static void reply(com.sun.net.httpserver.HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
