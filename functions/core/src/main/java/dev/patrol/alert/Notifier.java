package dev.patrol.alert;

/**
 * A channel alerts go out through (file, Slack, SNS). {@link #deliver} either
 * succeeds or throws {@link DeliveryException}; the outbox keeps undelivered
 * alerts and retries them on the next run.
 */
public interface Notifier {

    /** The channel name shown in {@code run --json}: file, slack, sns. */
    String channel();

    void deliver(Alert alert) throws DeliveryException;
}
