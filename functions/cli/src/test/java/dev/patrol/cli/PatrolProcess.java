package dev.patrol.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code patrol} command (the packaged jar in its own JVM), the way a user or cron does. */
final class PatrolProcess {
    record Result(int exit, String out, String err, long millis) {}

    /** The jar under test; {@code -Dpatrol.jar=...} points at another build (an older one, to see a test fail before its fix). */
    private static final Path JAR = Path.of(System.getProperty("patrol.jar", "target/patrol-cli.jar")).toAbsolutePath();

    /** As a value in the environment map: the variable is removed from patrol's environment. */
    static final String UNSET = "\u0000unset";

    private PatrolProcess() {}

    static Result run(Path dir, Map<String, String> env, String... args) throws IOException, InterruptedException {
        return start(dir, env, args).await();
    }

    static Running start(Path dir, Map<String, String> env, String... args) throws IOException {
        List<String> cmd = command(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().remove("PATROL_CONFIG");
        env.forEach((k, v) -> {
            if (v.equals(UNSET)) pb.environment().remove(k);
            else pb.environment().put(k, v);
        });
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        long start = System.nanoTime();
        return new Running(pb.start(), out, err, start);
    }

    /**
     * Runs patrol at a terminal, as a person at a shell does: {@code script} gives it a
     * pseudo-terminal for stdin, stdout and stderr, whose output (both streams) is returned as {@code out}.
     */
    static Result atTerminal(Path dir, String... args) throws IOException, InterruptedException {
        StringBuilder line = new StringBuilder();
        for (String a : command(args)) line.append('\'').append(a.replace("'", "'\\''")).append("' ");
        ProcessBuilder pb = new ProcessBuilder("script", "-qec", line.toString(), "/dev/null").directory(dir.toFile());
        pb.environment().remove("PATROL_CONFIG");
        pb.environment().remove("CI");
        Path out = Files.createTempFile(dir, "tty", ".txt");
        pb.redirectOutput(out.toFile()).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE);
        return new Running(pb.start(), out, out, System.nanoTime()).await();
    }

    private static List<String> command(String... args) {
        if (!Files.exists(JAR)) throw new IllegalStateException("run the integration tests with 'mvn verify' (needs " + JAR + ")");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED", "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    record Running(Process process, Path out, Path err, long start) {
        Result await() throws IOException, InterruptedException {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("patrol did not finish within 120 s");
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err),
                    (System.nanoTime() - start) / 1_000_000);
        }
    }
}
