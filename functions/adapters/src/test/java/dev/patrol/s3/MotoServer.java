package dev.patrol.s3;

import dev.patrol.backups.tools.RealTools;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * moto's server on loopback, one per test class: the local S3 that knows storage
 * classes as S3 does (GET of a Glacier object is refused until a restore is asked for).
 * S3Mock stores the class but serves the bytes anyway. Skips when moto is not installed.
 */
public final class MotoServer implements AutoCloseable {
    private final Process process;
    private final String endpoint;

    private MotoServer(Process process, String endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    public static MotoServer start() throws IOException, InterruptedException {
        return start(java.util.Map.of());
    }

    /** With {@code env} added to moto's environment: {@code INITIAL_NO_AUTH_ACTION_COUNT=0} makes it check credentials as AWS does. */
    public static MotoServer start(java.util.Map<String, String> env) throws IOException, InterruptedException {
        RealTools.require("moto_server", "moto (pip install 'moto[server]')");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = Files.createTempFile("patrol-moto-", ".log");
        ProcessBuilder pb = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        for (int i = 0; i < 200; i++) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return new MotoServer(p, "http://127.0.0.1:" + port);
            } catch (IOException notYet) {
                if (!p.isAlive()) throw new IllegalStateException("moto_server stopped: " + Files.readString(log));
                Thread.sleep(50);
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("moto_server did not listen within 10 s");
    }

    public String endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        process.destroy();
    }
}
