package dev.patrol.cli;

/**
 * Milestones of one command in the debug log (PATROL_LOG=debug), each as milliseconds since the JVM
 * started, so a slow run shows where its time went: start-up, config, state, work, shutdown.
 */
final class Timeline {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Timeline.class);

    private Timeline() {}

    static void mark(String what) {
        // The JVM's own start time (the process's start in /proc is whole clock ticks, and the launcher's shell's).
        if (log.isDebugEnabled()) log.debug("{} at {} ms after the JVM started", what, java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
    }
}
