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

    private static final Path JAR = Path.of("target/patrol-cli.jar").toAbsolutePath();

    private PatrolProcess() {}

    static Result run(Path dir, Map<String, String> env, String... args) throws IOException, InterruptedException {
        return start(dir, env, args).await();
    }

    static Running start(Path dir, Map<String, String> env, String... args) throws IOException {
        if (!Files.exists(JAR)) throw new IllegalStateException("run the integration tests with 'mvn verify' (needs " + JAR + ")");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED", "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().remove("PATROL_CONFIG");
        pb.environment().putAll(env);
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        long start = System.nanoTime();
        return new Running(pb.start(), out, err, start);
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
