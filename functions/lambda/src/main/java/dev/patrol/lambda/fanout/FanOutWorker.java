package dev.patrol.lambda.fanout;

import dev.patrol.lambda.Idempotency;
import dev.patrol.lambda.PatrolRuntime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Consumes the fan-out queue: runs each batch once (a redelivered message finds
 * its batch done and is acknowledged), then lets the last batch join the run.
 * A batch that fails is reported back in {@code batchItemFailures}, so SQS
 * redelivers only that message and, after the queue's receive limit, moves it to
 * the dead-letter queue; the other messages of the event are acknowledged.
 */
public final class FanOutWorker {
    private static final Logger log = LoggerFactory.getLogger(FanOutWorker.class);

    private final Supplier<PatrolRuntime> runtime;
    private final Supplier<Idempotency> idempotency;
    private final Supplier<FanOutRun> runs;

    public FanOutWorker(Supplier<PatrolRuntime> runtime, Supplier<Idempotency> idempotency, Supplier<FanOutRun> runs) {
        this.runtime = runtime;
        this.idempotency = idempotency;
        this.runs = runs;
    }

    /** Handles one SQS event; answers with the ids of the messages SQS should deliver again. */
    public JsonNode handle(byte[] sqsEvent, Duration lease) {
        return handle(sqsEvent, lease, null);
    }

    /** As {@link #handle(byte[], Duration)}; each batch lets go of its lease by {@code releaseBy} (the invocation's deadline). */
    public JsonNode handle(byte[] sqsEvent, Duration lease, Instant releaseBy) {
        List<String> failed = new ArrayList<>();
        for (JsonNode record : JsonMapper.shared().readTree(sqsEvent).path("Records")) {
            String messageId = record.path("messageId").asString();
            try {
                runBatch(FanOutBatch.parse(record.path("body").asString()), lease, releaseBy);
            } catch (RuntimeException e) {
                log.error("fan-out batch in message {} failed; SQS will deliver it again", messageId, e);
                failed.add(messageId);
            }
        }
        ObjectNode response = JsonMapper.shared().createObjectNode();
        var failures = response.putArray("batchItemFailures");
        failed.forEach(id -> failures.addObject().put("itemIdentifier", id));
        return response;
    }

    private void runBatch(FanOutBatch batch, Duration lease, Instant releaseBy) {
        var outcome = idempotency.get().once(FanOutRun.pk(batch.runId()), FanOutRun.batchKey(batch.index()), lease,
                () -> runtime.get().run(batch.job(), batch.targets(), releaseBy));
        log.info("{} run {} batch {}/{}: {} targets, {}", batch.job(), batch.runId(), batch.index(), batch.count(),
                batch.targets().size(), outcome.replayed() ? "already done" : outcome.result().path("status").asString());
        if (runs.get().completeIfLast(batch)) {
            log.info("{} run {}: all {} batches done, run document written", batch.job(), batch.runId(), batch.count());
        }
    }
}
