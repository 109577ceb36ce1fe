package dev.patrol.pipeline;

import java.util.List;

/**
 * One kind of Patrol work. A job turns config into targets and observes each
 * target; everything else (state, transitions, alerts, outbox, run record) is the
 * {@link Pipeline}'s. A new job is one class.
 */
public interface Job {
    /** health, backups, secrets, report */
    String name();

    List<? extends Target> targets(RunContext context);

    /** Observes one target. May throw: the pipeline turns the exception into an error observation for that target only. */
    Observation observe(Target target, RunContext context) throws Exception;

    /**
     * Sets up, ahead of a run, what every run of this job needs and what depends on nothing (an HTTP client and its TLS
     * set-up, 0.1-0.3 s): the CLI calls it in the background while it reads the config. Runs work without it.
     */
    default void prepare() {}

    /**
     * Whether the check of {@code target} reads and writes nothing in state, so that it may start before the run holds its
     * lease, while the state store still opens: its result waits, and is recorded only once the run holds the lease (a run
     * refused the lease drops it). A check that touches state (a heartbeat's pings, a sweep's cursors) says false.
     */
    default boolean observesWithoutState(Target target) {
        return false;
    }

    /** How many targets may be observed at once (HTTP checks: many; history scans: few). */
    default int parallelism() {
        return 8;
    }

    /**
     * The status up/down tracking sees for an observation. A job that raises its own events for what it
     * finds (secrets: NEW and RESOLVED per finding) maps its failures to OK here, so that only a target it
     * could not check at all goes DOWN: otherwise a repository that stopped being readable would go quiet.
     */
    default Status trackedStatus(Status observed) {
        return observed;
    }
}
