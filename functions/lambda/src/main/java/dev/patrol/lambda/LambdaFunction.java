package dev.patrol.lambda;

import dev.patrol.lambda.log.RequestScope;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.function.adapter.aws.AWSLambdaUtils;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import tools.jackson.databind.JsonNode;

/**
 * Common shape of Patrol's functions: raw event bytes in, JSON bytes out.
 * Working on bytes keeps Spring Cloud Function's conversion out of the way (the
 * functions read their events themselves) and gives access to the Lambda
 * context, which travels as a message header. Every log line written while an
 * invocation runs carries its request id.
 */
abstract class LambdaFunction implements Function<Message<byte[]>, Message<byte[]>> {
    private static final Logger log = LoggerFactory.getLogger(LambdaFunction.class);

    private final String name;

    LambdaFunction(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    @Override
    public final Message<byte[]> apply(Message<byte[]> message) {
        Invocation invocation = Invocation.of(message.getHeaders().get(AWSLambdaUtils.AWS_CONTEXT));
        try (RequestScope scope = RequestScope.open(name, invocation.requestId())) {
            return handle(message.getPayload(), invocation);
        } catch (RuntimeException | Error e) {
            try (RequestScope scope = RequestScope.open(name, invocation.requestId())) {
                log.error("{} failed: {}", name, e.getMessage(), e);
            }
            throw e;
        }
    }

    abstract Message<byte[]> handle(byte[] payload, Invocation invocation);

    static Message<byte[]> json(JsonNode body) {
        return MessageBuilder.withPayload(body.toString().getBytes(StandardCharsets.UTF_8)).build();
    }
}
