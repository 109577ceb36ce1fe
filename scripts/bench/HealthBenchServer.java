import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;

/**
 * Loopback server for scripts/bench-health: /ok answers at once, /slow/MS after MS
 * milliseconds, /hang accepts and never answers. Writes its port to args[0].
 */
public class HealthBenchServer {
    public static void main(String[] args) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        byte[] ok = "{\"status\":\"healthy\",\"checks\":{\"database\":{\"status\":\"healthy\"}}}".getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            try {
                if (path.startsWith("/hang")) {
                    Thread.sleep(3_600_000);
                } else if (path.startsWith("/slow/")) {
                    Thread.sleep(Long.parseLong(path.substring(6)));
                }
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, ok.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(ok);
                }
            } catch (InterruptedException e) {
                exchange.close();
            } catch (java.io.IOException e) {
                // the client gave up (timeout): expected for hung and slow endpoints
            }
        });
        server.start();
        Files.writeString(Path.of(args[0]), Integer.toString(server.getAddress().getPort()));
    }
}
