package dev.patrol.pipeline;

import java.util.List;

/** {@code --target NAME...} (empty: all) and whether alerts go out ({@code --no-alerts}). */
public record RunOptions(List<String> targets, boolean alerts) {
    public RunOptions {
        targets = targets == null ? List.of() : List.copyOf(targets);
    }

    public static RunOptions all() {
        return new RunOptions(List.of(), true);
    }
}
