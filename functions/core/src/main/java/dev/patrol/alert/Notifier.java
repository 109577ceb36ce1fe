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

    /**
     * Whether {@link #deliverAll} takes many alerts as one write (a file: one append and one force for all, not one
     * each). Such a channel must skip an alert it already holds on every send, first or not, as {@link #redeliver} does.
     */
    default boolean takesAll() {
        return false;
    }

    /** Delivers every alert, all or nothing, skipping those the channel already holds; only for {@link #takesAll()}. */
    default void deliverAll(java.util.List<Alert> alerts) throws DeliveryException {
        for (Alert a : alerts) redeliver(a);
    }

    /** Whether several alerts of one run may go out as one message (a channel people read; not a file or filtered topic). */
    default boolean groups() {
        return false;
    }

    /** A channel that takes several alerts of one run as one message. */
    record Grouping(Notifier inner) implements Notifier {
        @Override
        public String channel() {
            return inner.channel();
        }

        @Override
        public void deliver(Alert alert) throws DeliveryException {
            inner.deliver(alert);
        }

        @Override
        public void redeliver(Alert alert) throws DeliveryException {
            inner.redeliver(alert);
        }

        @Override
        public boolean groups() {
            return true;
        }
    }
}
