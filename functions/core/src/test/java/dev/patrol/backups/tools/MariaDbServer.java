package dev.patrol.backups.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A throw-away MariaDB server on a unix socket (no TCP), made with mariadb-install-db and
 * started as its own process: a few seconds. {@link #close} stops it and deletes its folder.
 */
public final class MariaDbServer implements AutoCloseable {
    private final Path root;
    private final Path socket;
    private final Process server;

    private MariaDbServer(Path root, Process server) {
        this.root = root;
        this.socket = root.resolve("sock");
        this.server = server;
    }

    /** Skips the calling test when the MariaDB server or client is not installed. */
    public static MariaDbServer start() throws IOException, InterruptedException {
        RealTools.require("mariadb-install-db", "mariadb-server");
        RealTools.require("mariadbd", "mariadb-server");
        RealTools.require("mariadb-dump", "mariadb-client");
        Path root = Files.createTempDirectory(Path.of("/tmp"), "patrol-mariadb-");
        String user = System.getProperty("user.name");
        RealTools.must(root, "mariadb-install-db", "--no-defaults", "--datadir=" + root.resolve("data"), "--user=" + user,
                "--auth-root-authentication-method=normal", "--skip-test-db");
        Process p = new ProcessBuilder("mariadbd", "--no-defaults", "--datadir=" + root.resolve("data"), "--socket=" + root.resolve("sock"),
                "--skip-networking", "--user=" + user, "--pid-file=" + root.resolve("pid"))
                .redirectErrorStream(true).redirectOutput(root.resolve("log").toFile()).start();
        MariaDbServer db = new MariaDbServer(root, p);
        for (int i = 0; i < 300 && !Files.exists(db.socket); i++) {
            if (!p.isAlive()) throw new IllegalStateException("mariadbd stopped: " + Files.readString(root.resolve("log")));
            Thread.sleep(50);
        }
        if (!Files.exists(db.socket)) throw new IllegalStateException("mariadbd did not open its socket within 15 s");
        return db;
    }

    public void sql(String sql) {
        RealTools.must(root, "mariadb", "-S", socket.toString(), "-u", "root", "-e", sql);
    }

    /** mariadb-dump of {@code database} into {@code out}. */
    public Path dump(String database, Path out) {
        List<String> cmd = new ArrayList<>(List.of("mariadb-dump", "-S", socket.toString(), "-u", "root", "--result-file=" + out, database));
        RealTools.Result r = RealTools.run(root, Map.of(), cmd);
        if (!r.ok()) throw new IllegalStateException("mariadb-dump: " + r.output());
        return out;
    }

    /** Loads a dump into a new database, as a restore would: the tool's own verdict on it. */
    public boolean restores(Path dump, String into) {
        sql("DROP DATABASE IF EXISTS " + into + "; CREATE DATABASE " + into);
        return RealTools.run(root, Map.of(), List.of("bash", "-c", "mariadb -S " + socket + " -u root " + into + " < " + dump)).ok();
    }

    @Override
    public void close() {
        server.destroy();
        try {
            server.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a folder under /tmp
        }
    }
}
