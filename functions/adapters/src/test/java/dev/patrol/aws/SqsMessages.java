package dev.patrol.aws;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** What SNS delivered to a subscribed queue, for tests that count published alerts. */
public final class SqsMessages {
    private SqsMessages() {}

    /** Receives and deletes until at least {@code expected} arrived and the queue is quiet (or 20 polls passed). */
    public static List<Message> drain(SqsClient sqs, String queue, int expected) {
        List<Message> out = new ArrayList<>();
        for (int tries = 0; tries < 20; tries++) {
            List<Message> got = sqs.receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            for (Message m : got) sqs.deleteMessage(b -> b.queueUrl(queue).receiptHandle(m.receiptHandle()));
            out.addAll(got);
            if (got.isEmpty() && out.size() >= expected) break;
        }
        return out;
    }
}
