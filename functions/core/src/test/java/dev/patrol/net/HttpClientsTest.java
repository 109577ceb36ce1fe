package dev.patrol.net;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpClientsTest {

    @Test
    void shutDownAllStopsEveryClientBuiltSoFarSoThatTheProcessCanEndAtOnce() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            HttpClient used = HttpClients.build(HttpClient.newBuilder());
            HttpClient idle = HttpClients.build(HttpClient.newBuilder());
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
            assertThat(used.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);

            HttpClients.shutDownAll(Duration.ofSeconds(5));

            assertThat(used.isTerminated()).isTrue();
            assertThat(idle.isTerminated()).isTrue();
        } finally {
            server.stop(0);
        }
    }
}
