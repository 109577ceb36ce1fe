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

    /**
     * Delivers an alert that an earlier attempt may already have delivered: its sender
     * was killed between sending and recording it, or failed part way. A channel that
     * can see what it already took (a file) checks and sends only what is missing; one
     * that cannot (a webhook, a topic) sends again: at least once, never zero times.
     */
    default void redeliver(Alert alert) throws DeliveryException {
        deliver(alert);
    }
}
