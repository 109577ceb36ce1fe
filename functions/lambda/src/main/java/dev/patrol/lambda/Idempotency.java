package dev.patrol.lambda;

import dev.patrol.state.ConditionFailedException;
import dev.patrol.state.Expect;
import dev.patrol.state.StateItem;
import dev.patrol.state.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Does a piece of work once per key, however often its event is delivered.
 *
 * <p>EventBridge and Lambda's asynchronous retries deliver an event at least
 * once; SQS may hand a batch to two workers. Before working, the caller claims
 * the key with a conditional put (absent, or a claim whose lease ran out because
 * its holder died). The finished record keeps the result, so a redelivery gets
 * the first answer instead of doing the work again. Work that fails releases the
 * claim, so the retry Lambda makes runs it afresh.
 */
public final class Idempotency {
    /** Past this, a result is kept without its per-target lists: DynamoDB items stop at 400 KB. */
    static final int MAX_STORED_CHARS = 300_000;

    private final StateStore state;
    private final Clock clock;
    private final Duration keep;

    public Idempotency(StateStore state, Clock clock, Duration keep) {
        this.state = state;
        this.clock = clock;
        this.keep = keep;
    }

    /** The work's result, and whether it came from an earlier delivery rather than from running it now. */
    public record Outcome(JsonNode result, boolean replayed) {}

    /**
     * Runs {@code work} unless {@code pk/sk} already holds a finished result.
     *
     * @param lease how long a claim holds before another delivery may take over (the invocation's time left)
     * @throws AlreadyRunningException when another delivery holds a live claim
     */
    public Outcome once(String pk, String sk, Duration lease, Supplier<JsonNode> work) {
        Optional<StateItem> claim = claim(pk, sk, lease);
        if (claim.isEmpty()) {
            Optional<StateItem> existing = state.get(pk, sk);
            if (existing.isPresent()) return finishedOrRunning(existing.get());
            claim = claim(pk, sk, lease); // the other claim expired between our put and get
            if (claim.isEmpty()) throw new AlreadyRunningException(pk, sk);
        }
        JsonNode result;
        try {
            result = work.get();
        } catch (RuntimeException | Error e) {
            release(claim.get());
            throw e;
        }
        ObjectNode done = JsonMapper.shared().createObjectNode().put("status", "done");
        done.set("result", storable(result));
        try {
            state.put(claim.get().withData(done.toString()).expiringAt(clock.instant().plus(keep)),
                    Expect.version(claim.get().version()));
        } catch (ConditionFailedException e) {
            // Our lease ran out and another delivery took over; our result still stands for this caller.
        }
        return new Outcome(result, false);
    }

    /** Whether {@code pk/sk} holds a finished result (fan-out counts its finished batches this way). */
    public static boolean isDone(StateItem item) {
        return "done".equals(JsonMapper.shared().readTree(item.data()).path("status").asString());
    }

    /** The result kept in a finished record. */
    public static JsonNode result(StateItem item) {
        return JsonMapper.shared().readTree(item.data()).path("result");
    }

    private Optional<StateItem> claim(String pk, String sk, Duration lease) {
        Instant now = clock.instant();
        String running = JsonMapper.shared().createObjectNode().put("status", "running").put("since", now.toString()).toString();
        try {
            return Optional.of(state.put(new StateItem(pk, sk, 0, running, now.plus(lease)), Expect.absentOrExpired(now)));
        } catch (ConditionFailedException e) {
            return Optional.empty();
        }
    }

    private Outcome finishedOrRunning(StateItem existing) {
        if (isDone(existing)) return new Outcome(result(existing), true);
        throw new AlreadyRunningException(existing.pk(), existing.sk());
    }

    private void release(StateItem claim) {
        try {
            state.delete(claim.pk(), claim.sk(), Expect.version(claim.version()));
        } catch (ConditionFailedException e) {
            // Someone else holds it now; nothing of ours to release.
        }
    }

    private static JsonNode storable(JsonNode result) {
        if (result.toString().length() <= MAX_STORED_CHARS || !(result instanceof ObjectNode object)) return result;
        ObjectNode summary = object.deepCopy();
        summary.remove("results");
        summary.remove("alerts");
        summary.put("truncated", true);
        return summary;
    }

    /** Another delivery of the same event is being worked on right now. */
    public static final class AlreadyRunningException extends RuntimeException {
        AlreadyRunningException(String pk, String sk) {
            super("another delivery of " + pk + " / " + sk + " is still running");
        }
    }
}
