package dev.patrol.alert;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A channel that keeps what it was given. {@link #failNext(int)} makes the next
 * deliveries throw {@link DeliveryException}, as a Slack that answers 500 would.
 * Thread-safe.
 */
public final class RecordingNotifier implements Notifier {
    private final String channel;
    private final List<Alert> delivered = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicInteger attempts = new AtomicInteger();

    public RecordingNotifier(String channel) {
        this.channel = channel;
    }

    public RecordingNotifier() {
        this("test");
    }

    /** The next {@code n} deliveries fail. */
    public RecordingNotifier failNext(int n) {
        failuresLeft.set(n);
        return this;
    }

    @Override
    public String channel() {
        return channel;
    }

    @Override
    public void deliver(Alert alert) throws DeliveryException {
        attempts.incrementAndGet();
        if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new DeliveryException(channel + " answered HTTP 500 (RecordingNotifier told to fail)");
        }
        delivered.add(alert);
    }

    /** Alerts accepted, in order. */
    public List<Alert> delivered() {
        return List.copyOf(delivered);
    }

    /** Deliveries tried, failed ones included. */
    public int attempts() {
        return attempts.get();
    }
}
