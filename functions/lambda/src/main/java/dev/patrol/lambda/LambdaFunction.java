package dev.patrol.lambda;

import dev.patrol.lambda.log.RequestScope;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.function.adapter.aws.AWSLambdaUtils;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import tools.jackson.databind.JsonNode;

/**
 * Common shape of Patrol's functions: the raw event stream in, JSON bytes out.
 * Taking an InputStream makes Spring Cloud Function hand the event over
 * untouched (with any other input type it first parses the whole event into a
 * Map, a tenth of a cold start) and the functions read their events themselves.
 * The Lambda context travels as a message header. Every log line written while
 * an invocation runs carries its request id.
 */
abstract class LambdaFunction implements Function<Message<InputStream>, Message<byte[]>> {
    private static final Logger log = LoggerFactory.getLogger(LambdaFunction.class);

    private final String name;

    LambdaFunction(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    @Override
    public final Message<byte[]> apply(Message<InputStream> message) {
        Invocation invocation = Invocation.of(message.getHeaders().get(AWSLambdaUtils.AWS_CONTEXT));
        try (RequestScope scope = RequestScope.open(name, invocation.requestId())) {
            return handle(read(message.getPayload()), invocation);
        } catch (RuntimeException | Error e) {
            try (RequestScope scope = RequestScope.open(name, invocation.requestId())) {
                log.error("{} failed: {}", name, e.getMessage(), e);
            }
            throw e;
        }
    }

    abstract Message<byte[]> handle(byte[] payload, Invocation invocation);

    private static byte[] read(InputStream event) {
        try (event) {
            return event.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the event", e);
        }
    }

    static Message<byte[]> json(JsonNode body) {
        return MessageBuilder.withPayload(body.toString().getBytes(StandardCharsets.UTF_8)).build();
    }
}
