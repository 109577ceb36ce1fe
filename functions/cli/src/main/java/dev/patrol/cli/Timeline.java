package dev.patrol.cli;

import java.time.Duration;
import java.time.Instant;

/**
 * Milestones of one command in the debug log (PATROL_LOG=debug), each as milliseconds since the JVM
 * started, so a slow run shows where its time went: start-up, config, state, work, shutdown.
 */
final class Timeline {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Timeline.class);
    private static final Instant STARTED = ProcessHandle.current().info().startInstant().orElse(Instant.now());

    private Timeline() {}

    static void mark(String what) {
        if (log.isDebugEnabled()) log.debug("{} at {} ms after the JVM started", what, Duration.between(STARTED, Instant.now()).toMillis());
    }
}
