package dev.patrol.lambda.bench;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.patrol.lambda.testing.FakeContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

/**
 * One cold start, as scripts/bench-coldstart times it from outside: the JVM
 * starts, constructs the handler the way Lambda's runtime does, hands it one
 * scheduled event, prints the first result and stops at once (so JVM shutdown
 * is not counted).
 *
 * <p>Usage: {@code ColdStart scf|plain EVENT_FILE}
 */
public final class ColdStart {
    public static void main(String[] args) throws Exception {
        byte[] event = Files.readAllBytes(Path.of(args[1]));
        RequestStreamHandler handler = switch (args[0]) {
            case "scf" -> new FunctionInvoker();
            case "plain" -> new PlainHandler();
            default -> throw new IllegalArgumentException("scf or plain, not " + args[0]);
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), out, new FakeContext("bench-1", "patrol-bench-health", 900_000));
        System.out.println("RESULT " + out);
        System.out.flush();
        int status = out.size() > 0 ? 0 : 1;
        if ("normal".equals(System.getProperty("patrol.bench.exit"))) System.exit(status); // AOT training: cache written at exit
        Runtime.getRuntime().halt(status);
    }
}
