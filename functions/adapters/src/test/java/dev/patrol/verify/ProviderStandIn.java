package dev.patrol.verify;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Loopback stand-ins for the providers' APIs: for each path, the answer a
 * credential gets, in the provider's own format (status, headers, body as its
 * documentation shows them). A stand-in, not the provider: no local
 * implementation of these APIs exists. It records each request's path and the
 * credential header it carried.
 */
public final class ProviderStandIn implements AutoCloseable {

    public record Answer(int status, Map<String, String> headers, String body) {}

    public record Request(String method, String path, String authorization, String body) {}

    private final HttpServer server;
    /** Answers by "credential|path": the credential picks the answer, as the provider would. */
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    public final List<Request> requests = new CopyOnWriteArrayList<>();

    public ProviderStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String header = exchange.getRequestHeaders().getFirst("Authorization");
            String auth = header != null ? header : exchange.getRequestHeaders().getFirst("PRIVATE-TOKEN");
            String path = exchange.getRequestURI().getPath();
            requests.add(new Request(exchange.getRequestMethod(), path, auth, body));
            Answer a = answers.entrySet().stream()
                    .filter(e -> e.getKey().endsWith("|" + path) && (credentialIn(e.getKey(), auth) || credentialIn(e.getKey(), body)))
                    .map(Map.Entry::getValue).findFirst()
                    .orElse(new Answer(401, Map.of("Content-Type", "application/json"), "{\"message\":\"Bad credentials\"}"));
            a.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
    }

    private static boolean credentialIn(String key, String text) {
        return text != null && text.contains(key.substring(0, key.indexOf('|')));
    }

    /** What {@code path} answers to a request carrying {@code credential} (in a header, or Basic-encoded, or the body). */
    public ProviderStandIn answer(String credential, String path, int status, Map<String, String> headers, String body) {
        answers.put(credential + "|" + path, new Answer(status, headers, body));
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
