package dev.patrol.lambda;

import dev.patrol.config.PatrolConfig;
import dev.patrol.config.SecretResolver;
import dev.patrol.state.StateStore;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What the functions need from Patrol's core: the seam between the Lambda entry
 * points and the pipeline. One is built per container (by a
 * {@link PatrolRuntimeFactory}) and serves every invocation that container gets.
 *
 * <p>Implementations must be safe to call from one thread at a time per container
 * (Lambda never runs two invocations in one container at once).
 */
public interface PatrolRuntime {

    /** The validated configuration this runtime was built from. */
    PatrolConfig config();

    /** The store every job keeps its state in; pings, idempotency records and fan-out batches go here too. */
    StateStore state();

    /** Resolves config references ({@code secretsmanager:}, {@code ssm:}, {@code ${ENV}}): heartbeat tokens. */
    SecretResolver secrets();

    /**
     * The names of a job's targets, in config order: what fan-out splits into
     * batches. Throws {@link IllegalArgumentException} for an unknown job.
     */
    List<String> targets(String job);

    /**
     * Runs one job over the named targets (all of them when the list is empty)
     * and returns the {@code run --json} document: {@code job, runId, startedAt,
     * finishedAt, status, results, alerts}. Problems found are results, not
     * exceptions; an exception means Patrol itself could not do its work
     * (unknown target names: {@link IllegalArgumentException}).
     */
    default JsonNode run(String job, List<String> targets) {
        return run(job, targets, null);
    }

    /** As {@link #run(String, List)}, letting go of the job's lease by {@code releaseBy} (null: no deadline). */
    JsonNode run(String job, List<String> targets, Instant releaseBy);
}
