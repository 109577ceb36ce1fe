package dev.patrol.lambda;

import dev.patrol.alert.Notifier;
import dev.patrol.config.PatrolConfig;
import dev.patrol.config.SecretResolver;
import dev.patrol.pipeline.Job;
import dev.patrol.pipeline.Pipeline;
import dev.patrol.pipeline.RunContext;
import dev.patrol.pipeline.RunOptions;
import dev.patrol.pipeline.RunRecord;
import dev.patrol.pipeline.Target;
import dev.patrol.state.Json;
import dev.patrol.state.LeaseHeldException;
import dev.patrol.state.StateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Patrol's pipeline behind the functions: the same jobs, pipeline and run
 * records as {@code patrol run}, over whatever state, storage, secrets and
 * notifiers the {@link RunContext} was built with (AWS in
 * {@link PipelineRuntimeFactory}; in memory in tests and benchmarks).
 */
public final class PipelineRuntime implements PatrolRuntime {
    private static final Logger log = LoggerFactory.getLogger(PipelineRuntime.class);
    /** A run waits this long for another run of the same targets (a redelivered batch) to finish. */
    static final Duration LEASE_WAIT = Duration.ofSeconds(60);

    private final RunContext context;
    private final Pipeline pipeline;
    private final Map<String, Job> jobs;

    public PipelineRuntime(RunContext context, Map<String, Notifier> notifiers, Map<String, Job> jobs) {
        this.context = context;
        this.pipeline = new Pipeline(context, notifiers);
        this.jobs = Map.copyOf(jobs);
    }

    @Override
    public PatrolConfig config() {
        return context.config();
    }

    @Override
    public StateStore state() {
        return context.state();
    }

    @Override
    public SecretResolver secrets() {
        return context.secrets();
    }

    @Override
    public List<String> targets(String job) {
        return job(job).targets(context).stream().map(Target::name).toList();
    }

    /**
     * One run; a run that finds its lease held (the same job, or the same batch
     * of targets) waits for it up to {@link #LEASE_WAIT}, then
     * answers like {@code patrol run} does: an error record saying why.
     * State that cannot be reached is thrown, so that Lambda retries the event.
     */
    @Override
    public JsonNode run(String name, List<String> targets, Instant releaseBy) {
        Job job = job(name);
        Instant giveUp = context.clock().instant().plus(LEASE_WAIT);
        if (releaseBy != null && releaseBy.isBefore(giveUp)) giveUp = releaseBy;
        RunOptions options = (targets.isEmpty() ? RunOptions.all() : RunOptions.batch(targets)).releasingBy(releaseBy);
        long pause = 250;
        while (true) {
            try {
                return Json.MAPPER.valueToTree(pipeline.run(job, options));
            } catch (LeaseHeldException e) {
                if (!context.clock().instant().isBefore(giveUp)) {
                    return Json.MAPPER.valueToTree(RunRecord.failed(name, context.clock().instant(), e.getMessage()));
                }
                log.info("{}: lease held by another run, waiting", name);
                sleep(pause);
                pause = Math.min(pause * 2, 4_000);
            }
        }
    }

    private Job job(String name) {
        Job job = jobs.get(name);
        if (job == null) throw new IllegalArgumentException("no job " + name + " in this build; known: " + jobs.keySet());
        return job;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a lease", e);
        }
    }
}
