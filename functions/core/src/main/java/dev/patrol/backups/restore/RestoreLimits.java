package dev.patrol.backups.restore;

import java.time.Duration;

/**
 * Bounds on one restore test, so a hostile or broken object costs a clear result and
 * not the run: decompression may expand at most {@code maxRatio} times the bytes read
 * (checked once {@code ratioAfter} bytes came out, since small files compress
 * extremely well), at most {@code maxExpandedBytes} in all, archives may hold at most
 * {@code maxEntries}, and the read may take at most {@code maxTime}.
 */
public record RestoreLimits(double maxRatio, long ratioAfter, long maxExpandedBytes, long maxEntries, Duration maxTime) {

    /** Text and dumps compress 5-20x, very repetitive CSV up to ~100x; bombs go past 1000x. */
    public static final RestoreLimits DEFAULT =
            new RestoreLimits(250, 32L << 20, 64L << 30, 5_000_000, Duration.ofMinutes(10));
}
