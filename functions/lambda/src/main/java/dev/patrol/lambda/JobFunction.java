package dev.patrol.lambda;

import dev.patrol.lambda.fanout.FanOut;
import dev.patrol.lambda.fanout.FanOutBatch;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;
import tools.jackson.databind.JsonNode;

/**
 * One job (health, backups, secrets, report) as a Lambda function: a scheduled
 * event or {@code {"targets": [...]}} in, the {@code run --json} document out.
 *
 * <p>Each event is worked on once: its id (or, for direct requests, Lambda's
 * request id, which Lambda's retries keep) is claimed in state first, and a
 * redelivery answers with the first result. A run with more targets than
 * {@code PATROL_BATCH_SIZE} goes to the fan-out queue in batches; a direct
 * request then waits for the batches to meet in state, a scheduled one does not.
 */
final class JobFunction extends LambdaFunction {
    private static final Logger log = LoggerFactory.getLogger(JobFunction.class);
    /** Time kept back from the deadline for answering after the wait for batches. */
    private static final Duration ANSWER_MARGIN = Duration.ofSeconds(5);

    private final Container container;

    JobFunction(String job, Container container) {
        super(job);
        this.container = container;
    }

    @Override
    Message<byte[]> handle(byte[] payload, Invocation invocation) {
        JobRequest request = JobRequest.parse(payload);
        String key = request.eventId().orElse(invocation.requestId());
        var outcome = container.idempotency().get().once("event#" + name(), key, invocation.lease(),
                () -> execute(request, invocation));
        if (outcome.replayed()) log.info("event {} was handled before; answering with its first result", key);
        log.info("{} run {}: {}", name(), outcome.result().path("runId").asString(), outcome.result().path("status").asString());
        return json(outcome.result());
    }

    private JsonNode execute(JobRequest request, Invocation invocation) {
        PatrolRuntime runtime = container.runtime().get();
        List<String> targets = request.targets().isEmpty() ? runtime.targets(name()) : request.targets();
        Optional<FanOut> fanOut = container.fanOut();
        if (fanOut.isEmpty() || !fanOut.get().wanted(targets.size())) {
            return runtime.run(name(), request.targets(), invocation.releaseBy(container.clock().instant()));
        }

        String runId = UUID.randomUUID().toString();
        Instant startedAt = container.clock().instant();
        List<FanOutBatch> batches = fanOut.get().split(name(), runId, startedAt, targets);
        fanOut.get().send(batches);
        log.info("{} run {}: {} targets queued in {} batches", name(), runId, targets.size(), batches.size());
        JsonNode pending = RunDocuments.pending(name(), runId, startedAt, batches.size(), targets.size());
        if (request.scheduled()) return pending;

        Instant byTimeout = container.clock().instant().plus(invocation.remaining()).minus(ANSWER_MARGIN);
        Instant byWait = startedAt.plus(container.settings().fanOutWait());
        Instant deadline = byTimeout.isBefore(byWait) ? byTimeout : byWait;
        return container.runs().get().await(runId, deadline, Duration.ofSeconds(1)).orElse(pending);
    }
}
