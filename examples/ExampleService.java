import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The example's stand-in for a team's backend: GET /health answers like the brief's
 * services do. While the file named by the second argument exists, the database is
 * "down" and /health says unhealthy with HTTP 503. Writes its port to the first argument.
 */
public class ExampleService {
    public static void main(String[] args) throws Exception {
        Path portFile = Path.of(args[0]);
        Path brokenFlag = Path.of(args[1]);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", exchange -> {
            boolean broken = Files.exists(brokenFlag);
            String db = broken ? "unhealthy" : "healthy";
            String body = "{\"status\":\"" + (broken ? "unhealthy" : "healthy") + "\",\"checks\":{\"database\":{\"status\":\"" + db + "\"}}}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(broken ? 503 : 200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        Files.writeString(portFile, Integer.toString(server.getAddress().getPort()));
    }
}
