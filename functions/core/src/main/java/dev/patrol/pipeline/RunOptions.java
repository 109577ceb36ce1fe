package dev.patrol.pipeline;

import java.util.List;

/**
 * {@code --target NAME...} (empty: all), whether alerts go out ({@code --no-alerts}),
 * and which lease the run takes: the job's own by default; fan-out batches of one
 * job take one lease per set of targets so that they can run side by side.
 */
public record RunOptions(List<String> targets, boolean alerts, String lease) {
    public RunOptions {
        targets = targets == null ? List.of() : List.copyOf(targets);
    }

    public RunOptions(List<String> targets, boolean alerts) {
        this(targets, alerts, null);
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
