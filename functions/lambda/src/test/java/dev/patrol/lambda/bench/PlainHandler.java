package dev.patrol.lambda.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.patrol.lambda.Container;
import dev.patrol.lambda.JobRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The benchmark's yardstick: the same work as the health function (read the
 * event, claim it in state, run the job, write the run document) in a plain
 * RequestStreamHandler, without Spring.
 */
public final class PlainHandler implements RequestStreamHandler {
    private final Container container = Container.fromEnvironment();

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JobRequest request = JobRequest.parse(input.readAllBytes());
        var outcome = container.idempotency().get().once("event#health",
                request.eventId().orElse(context.getAwsRequestId()), Duration.ofMinutes(15),
                () -> container.runtime().get().run("health", request.targets()));
        output.write(outcome.result().toString().getBytes(StandardCharsets.UTF_8));
    }
}
