package dev.patrol.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * The facts of one invocation the functions use: Lambda's request id (for log
 * lines and as the idempotency key of direct requests, which Lambda's own
 * retries keep) and the time left before Lambda stops it.
 */
public record Invocation(String requestId, Duration remaining) {
    /** Outside Lambda (tests, benchmarks) there is no context: a fresh id and Lambda's longest timeout. */
    static final Duration NO_DEADLINE = Duration.ofMinutes(15);

    public static Invocation of(Object context) {
        if (context instanceof Context c) {
            return new Invocation(c.getAwsRequestId(), Duration.ofMillis(Math.max(0, c.getRemainingTimeInMillis())));
        }
        return new Invocation(UUID.randomUUID().toString(), NO_DEADLINE);
    }

    /** Time kept back before Lambda's deadline to release the run's lease and answer. */
    static final Duration RELEASE_MARGIN = Duration.ofSeconds(10);

    /**
     * When the run must let go of its job's lease: a little before Lambda stops the
     * invocation (a timeout kills it without running any code), so the next run of the
     * job is not locked out by a lease nobody renews.
     */
    public Instant releaseBy(Instant now) {
        Duration left = remaining.minus(RELEASE_MARGIN);
        return now.plus(left.isNegative() ? Duration.ZERO : left);
    }

    /** How long a claim on an event should hold: until Lambda would have stopped this invocation, plus a margin. */
    public Duration lease() {
        return remaining.plusSeconds(30);
    }
}
