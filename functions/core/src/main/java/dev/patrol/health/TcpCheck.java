package dev.patrol.health;

import dev.patrol.config.HealthConfig.Tcp;
import dev.patrol.pipeline.Observation;
import dev.patrol.time.Durations;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;

/** A service that speaks anything over TCP (a database, a queue, a mail server) is up when it accepts a connection in time. */
public final class TcpCheck {
    private TcpCheck() {}

    public static Observation evaluate(Tcp tcp) {
        String where = tcp.host() + ":" + tcp.port();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("address", where);
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(tcp.host(), tcp.port()), (int) Math.max(1, tcp.timeout().toMillis()));
            long ms = (System.nanoTime() - start) / 1_000_000;
            details.put("connected", true);
            details.put("responseTimeMs", ms);
            return Observation.ok("connected to " + where + " in " + ms + " ms", details);
        } catch (IOException e) {
            details.put("connected", false);
            details.put("responseTimeMs", (System.nanoTime() - start) / 1_000_000);
            return Observation.fail(reason(e, where, tcp.timeout()), details);
        }
    }

    static String reason(IOException e, String where, java.time.Duration timeout) {
        return switch (e) {
            case UnknownHostException u -> "cannot resolve host " + where + " (check the address and DNS)";
            case SocketTimeoutException t -> "could not connect to " + where + " within " + Durations.format(timeout);
            case ConnectException c -> "connection refused by " + where + " (is the service running?)";
            default -> "could not connect to " + where + ": " + e.getMessage();
        };
    }
}
