package dev.patrol.lambda;

import dev.patrol.lambda.fanout.BatchMetrics;
import dev.patrol.lambda.fanout.FanOutWorker;
import org.springframework.messaging.Message;

/** The fan-out worker as a Lambda function: an SQS event in, an SQSBatchResponse out. */
final class WorkerFunction extends LambdaFunction {
    private final FanOutWorker worker;
    private final BatchMetrics metrics = new BatchMetrics(System.out);
    private final Container container;

    WorkerFunction(Container container) {
        super("worker");
        this.container = container;
        this.worker = new FanOutWorker(container.runtime(), container.idempotency(), container.runs());
    }

    @Override
    Message<byte[]> handle(byte[] payload, Invocation invocation) {
        var answer = worker.handle(payload, invocation.lease(), invocation.releaseBy(java.time.Instant.now()));
        metrics.record(functionName(), BatchMetrics.Counts.of(payload, answer), container.clock().instant());
        return json(answer);
    }

    /** Lambda sets it; the alarm's FunctionName dimension is the same name. */
    private static String functionName() {
        String name = System.getenv("AWS_LAMBDA_FUNCTION_NAME");
        return name == null || name.isBlank() ? "worker" : name;
    }
}
