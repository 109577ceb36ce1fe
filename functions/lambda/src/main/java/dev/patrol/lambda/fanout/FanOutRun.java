package dev.patrol.lambda.fanout;

import dev.patrol.lambda.Idempotency;
import dev.patrol.lambda.RunDocuments;
import dev.patrol.state.ConditionFailedException;
import dev.patrol.state.Expect;
import dev.patrol.state.StateItem;
import dev.patrol.state.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Where the batches of one fanned-out run meet again, in state:
 * <pre>
 *   pk fanout#&lt;runId&gt;  sk batch#00001 ...  one finished batch (its run document; see {@link Idempotency})
 *                      sk result           the whole run, written once by whichever worker finishes last
 * </pre>
 * Every worker checks after its batch; the conditional put of {@code result}
 * lets exactly one write it even when the last two finish together.
 */
public final class FanOutRun {
    static final Duration KEEP = Duration.ofDays(7);

    private final StateStore state;
    private final Clock clock;

    public FanOutRun(StateStore state, Clock clock) {
        this.state = state;
        this.clock = clock;
    }

    public static String pk(String runId) {
        return "fanout#" + runId;
    }

    public static String batchKey(int index) {
        return String.format("batch#%05d", index);
    }

    /** Writes the whole run's document once all {@code batch.count()} batches are done; true when this call wrote it. */
    public boolean completeIfLast(FanOutBatch batch) {
        List<JsonNode> done = new ArrayList<>();
        for (StateItem item : state.query(pk(batch.runId()), "batch#")) {
            if (Idempotency.isDone(item)) done.add(Idempotency.result(item));
        }
        if (done.size() < batch.count()) return false;
        JsonNode whole = RunDocuments.merge(batch.job(), batch.runId(), batch.startedAt(), done);
        try {
            state.put(StateItem.of(pk(batch.runId()), "result", whole.toString()).expiringAt(clock.instant().plus(KEEP)),
                    Expect.ABSENT);
            return true;
        } catch (ConditionFailedException e) {
            return false; // another worker finished at the same moment and wrote it
        }
    }

    /** The whole run's document, once written. */
    public Optional<JsonNode> result(String runId) {
        return state.get(pk(runId), "result").map(item -> tools.jackson.databind.json.JsonMapper.shared().readTree(item.data()));
    }

    /** Waits for the whole run's document until {@code deadline}, checking every {@code every}. */
    public Optional<JsonNode> await(String runId, Instant deadline, Duration every) {
        while (true) {
            Optional<JsonNode> result = result(runId);
            if (result.isPresent() || !clock.instant().plus(every).isBefore(deadline)) return result;
            try {
                Thread.sleep(every.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }
}
