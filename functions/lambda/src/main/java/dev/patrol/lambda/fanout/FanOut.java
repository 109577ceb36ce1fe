package dev.patrol.lambda.fanout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Splits a run with more targets than one invocation should hold into batches
 * on the fan-out queue; the worker function runs each batch (Lambda's own
 * concurrency, bounded in the template, runs them in parallel).
 */
public final class FanOut {
    /** SQS takes at most ten messages per SendMessageBatch call. */
    private static final int SQS_BATCH_LIMIT = 10;

    private final Supplier<SqsClient> sqs;
    private final String queueUrl;
    private final int batchSize;

    public FanOut(Supplier<SqsClient> sqs, String queueUrl, int batchSize) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.batchSize = batchSize;
    }

    /** True when these many targets are more than one invocation should run. */
    public boolean wanted(int targets) {
        return targets > batchSize;
    }

    /** The batches a run splits into, in target order. */
    public List<FanOutBatch> split(String job, String runId, Instant startedAt, List<String> targets) {
        int count = (targets.size() + batchSize - 1) / batchSize;
        List<FanOutBatch> batches = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            List<String> slice = targets.subList(i * batchSize, Math.min(targets.size(), (i + 1) * batchSize));
            batches.add(new FanOutBatch(job, runId, startedAt, i + 1, count, slice));
        }
        return batches;
    }

    /** Puts every batch on the queue; throws when SQS refuses any, so the invocation fails and is retried. */
    public void send(List<FanOutBatch> batches) {
        for (int from = 0; from < batches.size(); from += SQS_BATCH_LIMIT) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (FanOutBatch batch : batches.subList(from, Math.min(batches.size(), from + SQS_BATCH_LIMIT))) {
                entries.add(SendMessageBatchRequestEntry.builder()
                        .id("b" + batch.index()).messageBody(batch.toJson()).build());
            }
            SendMessageBatchResponse response = sqs.get().sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
            if (!response.failed().isEmpty()) {
                var failure = response.failed().getFirst();
                throw new IllegalStateException("fan-out queue refused " + response.failed().size() + " of "
                        + entries.size() + " batches: " + failure.code() + " " + failure.message());
            }
        }
    }
}
