package dev.patrol.lambda.infra;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real command-line tool the infra tests run (cfn-lint, python with aws-sam-translator,
 * moto_server): found on PATH, run with its output captured. Tests skip, naming the
 * tool, only when it is not installed.
 */
record Tool(String name, Path path) {
    static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

    static Optional<Tool> find(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) return Optional.of(new Tool(name, candidate));
        }
        return Optional.empty();
    }

    /** The python that has aws-sam-translator (the one cfn-lint runs on), if any. */
    static Optional<Tool> pythonWithSam() {
        for (String name : List.of("python3", "python")) {
            Optional<Tool> python = find(name);
            if (python.isPresent() && python.get().run(List.of("-c", "import samtranslator, yaml"), ROOT).exit() == 0) return python;
        }
        return Optional.empty();
    }

    record Result(int exit, String stdout, String stderr) {}

    Result run(List<String> args, Path dir) {
        List<String> command = new ArrayList<>();
        command.add(path.toString());
        command.addAll(args);
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).start();
            process.getOutputStream().close();
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(name + " did not finish in 5 minutes");
            }
            return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                    new String(err.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + name + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] readAll(java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
