package dev.patrol.report.dora;

import java.time.Instant;
import java.util.List;

/**
 * One deployment as git shows it: the tag (or the branch commit), its commit, when, the commits
 * it shipped for the first time, and whether it put back code that had already shipped (a
 * rollback: a tag moved to, or made on, an older commit).
 */
public record Deployment(String ref, String sha, Instant time, List<Change> changes, boolean rollback) {
    public Deployment {
        changes = List.copyOf(changes);
    }

    /** {@code major.minor.patch} of a tag such as v1.4.2 or release-1.4.2; null when the ref is no version. */
    public int[] version() {
        var m = java.util.regex.Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)").matcher(ref);
        return m.find() ? new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))} : null;
    }
}
