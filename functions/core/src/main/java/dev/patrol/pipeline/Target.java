package dev.patrol.pipeline;

import dev.patrol.alert.Severity;

/** Something a job observes: an endpoint, a heartbeat, a backup set, a repository. */
public interface Target {
    String name();

    /** endpoint, heartbeat, freshness, backup, repo, report */
    String kind();

    Severity severity();

    /** Consecutive failures before the target is DOWN. */
    default int failAfter() {
        return 1;
    }
}
