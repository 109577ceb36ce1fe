package dev.patrol.backups.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.opentest4j.TestAbortedException;

/**
 * The real programs that make and check backups (gzip, tar, pg_dump, sqlite3, ...), run
 * as processes. A test that needs one that is missing is skipped with the name of the
 * Debian package to install, never passed silently.
 */
public final class RealTools {
    private RealTools() {}

    /** What a program did: its exit code and its output (stdout and stderr together). */
    public record Result(int exit, String output) {
        public boolean ok() {
            return exit == 0;
        }
    }

    /** Skips the calling test unless {@code command} is on the PATH. */
    public static void require(String command, String debianPackage) {
        if (!onPath(command)) {
            throw new TestAbortedException("skipped: '" + command + "' is not installed (Debian package " + debianPackage
                    + "; scripts/test installs it with apt-get)");
        }
    }

    public static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) return true;
        }
        return Files.isExecutable(Path.of("/usr/sbin", command)) || Files.isExecutable(Path.of("/sbin", command));
    }

    public static Result run(Path dir, String... command) {
        return run(dir, Map.of(), List.of(command));
    }

    public static Result run(Path dir, Map<String, String> env, List<String> command) {
        return run(dir, env, command, 120);
    }

    /** As {@link #run}, but a program still running after {@code seconds} is killed and reported as exit 124, as timeout(1) does. */
    public static Result run(Path dir, Map<String, String> env, List<String> command, int seconds) {
        try {
            Path out = Files.createTempFile("patrol-tool-", ".out");
            try {
                ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(out.toFile());
                pb.environment().putAll(env);
                Process p = pb.start();
                p.getOutputStream().close();
                if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                    return new Result(124, String.join(" ", command) + " did not finish within " + seconds + " s");
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command.get(0), e);
        }
    }

    /** Runs a program that must succeed (a fixture's producer): its output, or an error naming the command. */
    public static String must(Path dir, String... command) {
        Result r = run(dir, command);
        if (!r.ok()) throw new IllegalStateException(String.join(" ", command) + " exited " + r.exit() + ": " + r.output());
        return r.output();
    }

    /** Runs a shell line (pipes, redirections) that must succeed. */
    public static String sh(Path dir, String script) {
        return must(dir, "bash", "-euo", "pipefail", "-c", script);
    }

    /** A command as root would run it as {@code user} (initdb and postgres refuse root); as is otherwise. */
    public static List<String> as(String user, String... command) {
        List<String> cmd = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) cmd.addAll(List.of("runuser", "-u", user, "--"));
        cmd.addAll(List.of(command));
        return cmd;
    }
}
