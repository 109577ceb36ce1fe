package dev.patrol.lambda.policy;

import software.amazon.awssdk.services.sqs.SqsClient;

/** A function that deletes queue messages itself: a call no role allows, which the policy test must catch. */
final class RogueCall {
    private final SqsClient sqs;

    RogueCall(SqsClient sqs) {
        this.sqs = sqs;
    }

    void handle(String queueUrl, String receiptHandle) {
        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(receiptHandle));
    }
}
