package dev.patrol.backups;

import dev.patrol.backups.restore.RestoreLimits;
import java.time.Duration;

/**
 * How hard verification works, with defaults that suit a daily run. Not in patrol.yml
 * (yet): the pipeline passes {@link #DEFAULT}.
 *
 * @param readWindow    every object of a set is read in full at least once within this window; each
 *                      run reads the newest plus its share of the rest, in rotation
 * @param readBudget    bytes a run may read of one set anyway: a set this small is read whole every
 *                      run, a larger one gets its rotation share plus what else fits
 * @param parallelReads objects read at the same time (each read streams; memory stays small)
 * @param shrinkRatio   a backup smaller than this fraction of the median of the previous ones is "shrunk"
 * @param shrinkHistory how many previous backups make that median
 * @param limits        bounds of each restore test (bombs, time)
 */
public record VerifyOptions(Duration readWindow, long readBudget, int parallelReads, double shrinkRatio, int shrinkHistory,
                            RestoreLimits limits) {

    public static final VerifyOptions DEFAULT =
            new VerifyOptions(Duration.ofDays(30), 1L << 30, 4, 0.5, 7, RestoreLimits.DEFAULT);

    /** Reads every object on every run: for tests, benchmarks and `snapshot` checks. */
    public VerifyOptions readingEverything() {
        return new VerifyOptions(Duration.ZERO, readBudget, parallelReads, shrinkRatio, shrinkHistory, limits);
    }

    /** Rotation only, no budget: what a set larger than the budget gets. */
    public VerifyOptions withReadBudget(long bytes) {
        return new VerifyOptions(readWindow, bytes, parallelReads, shrinkRatio, shrinkHistory, limits);
    }

    public VerifyOptions withParallelReads(int n) {
        return new VerifyOptions(readWindow, readBudget, n, shrinkRatio, shrinkHistory, limits);
    }

    public VerifyOptions withLimits(RestoreLimits l) {
        return new VerifyOptions(readWindow, readBudget, parallelReads, shrinkRatio, shrinkHistory, l);
    }
}
