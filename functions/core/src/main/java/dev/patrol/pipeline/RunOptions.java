package dev.patrol.pipeline;

import java.time.Instant;
import java.util.List;

/**
 * {@code --target NAME...} (empty: all), whether alerts go out now ({@code --no-alerts}
 * queues them for the next run), which lease the run takes (the job's own by
 * default; fan-out batches of one job take one lease per set of targets so that
 * they can run side by side), and when the run must let go of its lease at the
 * latest ({@code releaseBy}: a Lambda invocation's deadline; null for none).
 */
public record RunOptions(List<String> targets, boolean alerts, String lease, Instant releaseBy) {
    public RunOptions {
        targets = targets == null ? List.of() : List.copyOf(targets);
    }

    public RunOptions(List<String> targets, boolean alerts, String lease) {
        this(targets, alerts, lease, null);
    }

    public RunOptions(List<String> targets, boolean alerts) {
        this(targets, alerts, null);
    }

    public RunOptions releasingBy(Instant deadline) {
        return new RunOptions(targets, alerts, lease, deadline);
    }

    public static RunOptions all() {
        return new RunOptions(List.of(), true);
    }

    /** A run of exactly these targets, leased on its own: batches of one job never wait for each other. */
    public static RunOptions batch(List<String> targets) {
        List<String> sorted = targets.stream().sorted().toList();
        return new RunOptions(targets, true, "batch-" + Integer.toHexString(String.join("\n", sorted).hashCode()));
    }
}
