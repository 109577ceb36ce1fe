package dev.patrol.backups.tools;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL cluster on a unix socket (no TCP), started with the installed
 * server's initdb and pg_ctl as the {@code postgres} user: about a second. One per test
 * class; {@link #close} stops it and deletes its folder.
 */
public final class PostgresCluster implements AutoCloseable {
    private final Path root;
    private final Path data;
    private final Path socket;
    private final int port;

    private PostgresCluster(Path root, int port) {
        this.root = root;
        this.data = root.resolve("data");
        this.socket = root.resolve("sock");
        this.port = port;
    }

    /** Skips the calling test when PostgreSQL's server or client programs are not installed. */
    public static PostgresCluster start() throws IOException {
        RealTools.require("initdb", "postgresql");
        RealTools.require("pg_ctl", "postgresql");
        RealTools.require("pg_dump", "postgresql");
        Path root = Files.createTempDirectory(Path.of("/tmp"), "patrol-pg-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        PostgresCluster pg = new PostgresCluster(root, freePort());
        Files.createDirectories(pg.socket);
        if ("root".equals(System.getProperty("user.name"))) RealTools.must(root, "chown", "-R", "postgres:postgres", root.toString());
        pg.server("initdb", "-D", pg.data.toString(), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync");
        pg.server("pg_ctl", "-D", pg.data.toString(), "-w", "-l", root.resolve("log").toString(), "-o",
                "-p " + pg.port + " -k " + pg.socket + " -c listen_addresses= -c fsync=off", "start");
        return pg;
    }

    private void server(String... command) {
        RealTools.Result r = RealTools.run(root, Map.of(), RealTools.as("postgres", command));
        if (!r.ok()) throw new IllegalStateException(String.join(" ", command) + " exited " + r.exit() + ": " + r.output());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public Path socket() {
        return socket;
    }

    public int port() {
        return port;
    }

    /** Runs SQL in {@code database} with psql (stops at the first error). */
    public void sql(String database, String sql) {
        RealTools.Result r = RealTools.run(root, Map.of(), List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", socket.toString(),
                "-p", String.valueOf(port), "-U", "postgres", "-d", database, "-c", sql));
        if (!r.ok()) throw new IllegalStateException("psql: " + r.output());
    }

    /** pg_dump of {@code database} into {@code out} with the given options (-Fc, -Ft, -Fd, --schema-only, ...). */
    public Path dump(String database, Path out, String... options) {
        return dumpWith("pg_dump", database, out, options);
    }

    /** The same with another pg_dump ({@code program}: a path, or a name on the PATH). */
    public Path dumpWith(String program, String database, Path out, String... options) {
        List<String> cmd = new ArrayList<>(List.of(program, "-h", socket.toString(), "-p", String.valueOf(port), "-U", "postgres"));
        cmd.addAll(List.of(options));
        cmd.addAll(List.of("-f", out.toString(), database));
        RealTools.Result r = RealTools.run(root, Map.of(), cmd);
        if (!r.ok()) throw new IllegalStateException("pg_dump: " + r.output());
        return out;
    }

    @Override
    public void close() {
        try {
            server("pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "stop");
        } catch (RuntimeException ignored) {
            // already stopped
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a folder under /tmp
        }
    }
}
