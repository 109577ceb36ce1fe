package dev.patrol.lambda.log;

import org.slf4j.MDC;

/**
 * Puts the Lambda request id and the function name on every log line written
 * while one invocation is handled; closing it clears them for the next one.
 */
public final class RequestScope implements AutoCloseable {

    private RequestScope() {
    }

    public static RequestScope open(String function, String requestId) {
        MDC.put("function", function);
        MDC.put("requestId", requestId);
        return new RequestScope();
    }

    @Override
    public void close() {
        MDC.remove("function");
        MDC.remove("requestId");
    }
}
