package dev.patrol.lambda.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Drives Spring Cloud Function's FunctionInvoker the way Lambda's Java runtime
 * does: the handler class is constructed once per "container" and given raw
 * event bytes and a context. Settings go in as system properties (MAIN_CLASS,
 * PATROL_CONFIG, ...), which FunctionInvoker and Patrol read when no
 * environment variable is set.
 */
public final class LambdaHarness {
    private final FunctionInvoker invoker;
    private final String function;

    private LambdaHarness(String function) {
        this.function = function;
        this.invoker = new FunctionInvoker(function);
    }

    /** A fresh container for {@code function} with these settings applied first. */
    public static LambdaHarness start(String function, Map<String, String> settings) {
        System.setProperty("MAIN_CLASS", "dev.patrol.lambda.PatrolFunctions");
        // The artifact's own factory needs AWS; tests run the same pipeline over state in memory.
        System.setProperty("PATROL_RUNTIME_FACTORY", "dev.patrol.lambda.testing.TestRuntimeFactory");
        settings.forEach(System::setProperty);
        return new LambdaHarness(function);
    }

    /** Writes the test patrol.yml to a temporary file and returns its path, for PATROL_CONFIG. */
    public static String configFile(Path dir) {
        try {
            Path file = dir.resolve("patrol.yml");
            Files.writeString(file, resource("patrol.yml"));
            return file.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String resource(String name) {
        try (InputStream in = LambdaHarness.class.getResourceAsStream("/events/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode event(String name) {
        return (ObjectNode) JsonMapper.shared().readTree(resource(name));
    }

    public JsonNode invoke(JsonNode event) {
        return invoke(event.toString(), UUID.randomUUID().toString());
    }

    public JsonNode invoke(String event, String requestId) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            invoker.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out,
                    new FakeContext(requestId, "patrol-acme-" + function, 60_000));
            return JsonMapper.shared().readTree(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "target transition" of each alert in a run document, in order. */
    public static java.util.List<String> alerts(JsonNode run) {
        java.util.List<String> out = new java.util.ArrayList<>();
        run.path("alerts").forEach(a -> out.add(a.path("target").asString() + " " + a.path("transition").asString()));
        return out;
    }
}
