package dev.patrol.backups;

import dev.patrol.alert.Severity;
import dev.patrol.config.BackupSetConfig;
import dev.patrol.pipeline.Job;
import dev.patrol.pipeline.Observation;
import dev.patrol.pipeline.RunContext;
import dev.patrol.pipeline.Target;
import java.util.List;
import java.util.Map;

/**
 * The backups job: one target per backup set in {@code patrol.yml}, observed by
 * {@link BackupVerifier}. The verifier already turns everything a backup can do wrong
 * into problems; this class only maps its verdict onto the pipeline's observation.
 */
public final class BackupsJob implements Job {

    public record BackupTarget(BackupSetConfig config) implements Target {
        public String name() { return config.name(); }
        public String kind() { return "backup"; }
        public Severity severity() { return config.severity(); }
        public int failAfter() { return config.failAfter(); }
    }

    @Override
    public String name() {
        return "backups";
    }

    /**
     * A set is read in full (hashing, decompressing) with its own read-ahead threads, so a
     * few sets at once keep the disks and the network busy; more would only make each slower
     * and multiply the memory held by read buffers.
     */
    @Override
    public int parallelism() {
        return 4;
    }

    @Override
    public List<? extends Target> targets(RunContext context) {
        return context.config().backups().stream().map(BackupTarget::new).toList();
    }

    @Override
    public Observation observe(Target target, RunContext context) {
        if (!(target instanceof BackupTarget b)) throw new IllegalArgumentException("not a backup target: " + target);
        BackupResult result = new BackupVerifier(context.storage(), context.state(), context.clock()).verify(b.config());
        return observation(result);
    }

    /** The verdict as the pipeline's observation: same status, message and details (problems included). */
    public static Observation observation(BackupResult result) {
        Map<String, Object> details = result.details();
        return switch (result.status()) {
            case OK -> Observation.ok(result.message(), details);
            case FAIL -> Observation.fail(result.message(), details);
            case ERROR -> Observation.error(result.message(), details);
        };
    }
}
