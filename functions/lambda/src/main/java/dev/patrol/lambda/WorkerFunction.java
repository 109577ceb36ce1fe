package dev.patrol.lambda;

import dev.patrol.lambda.fanout.FanOutWorker;
import org.springframework.messaging.Message;

/** The fan-out worker as a Lambda function: an SQS event in, an SQSBatchResponse out. */
final class WorkerFunction extends LambdaFunction {
    private final FanOutWorker worker;

    WorkerFunction(Container container) {
        super("worker");
        this.worker = new FanOutWorker(container.runtime(), container.idempotency(), container.runs());
    }

    @Override
    Message<byte[]> handle(byte[] payload, Invocation invocation) {
        return json(worker.handle(payload, invocation.lease(), invocation.releaseBy(java.time.Instant.now())));
    }
}
