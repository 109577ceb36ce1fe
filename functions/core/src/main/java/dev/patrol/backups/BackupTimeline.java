package dev.patrol.backups;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the periods that should have a backup and have none. Steps of {@code every}
 * are counted from each backup to the next rather than on a fixed calendar grid, so
 * a weekly set taken on Sundays or a half-hourly one at :07 and :37 is judged by its
 * own rhythm; a step longer than one and a half periods is a gap.
 *
 * <p>After the newest backup, a period is only missing once it is due: its own length
 * plus {@code grace} (the slack that {@code maxAge} leaves over {@code every}) has
 * passed, so a backup named for yesterday and written at 01:00 is not reported early.
 */
final class BackupTimeline {
    /** A step is a gap only past 1.5 periods: backups drift by minutes, months have 28 to 31 days. */
    private static final double GAP_FACTOR = 1.5;
    /** Never name more than this many missing periods one by one (a set stopped for a year is one message). */
    private static final int MAX_STEPS = 100_000;

    private final Duration every;
    private final Duration grace;

    BackupTimeline(Duration every, Duration grace) {
        if (every == null || every.isZero() || every.isNegative()) throw new IllegalArgumentException("every must be positive");
        this.every = every;
        this.grace = grace == null || grace.isNegative() ? Duration.ZERO : grace;
    }

    /** Gaps among {@code periods} (sorted, oldest first) and after the newest up to {@code now}, none before {@code windowStart}. */
    List<Gap> gaps(List<Instant> periods, Instant windowStart, Instant now) {
        List<Gap> gaps = new ArrayList<>();
        Instant previous = null;
        for (Instant p : periods) {
            if (previous != null && !p.equals(previous)) between(previous, p, windowStart, gaps);
            previous = p;
        }
        if (previous != null) after(previous, now, gaps);
        return gaps;
    }

    private void between(Instant from, Instant to, Instant windowStart, List<Gap> gaps) {
        Duration step = Duration.between(from, to);
        if (step.toMillis() <= every.toMillis() * GAP_FACTOR) return;
        Instant first = null;
        Instant last = null;
        int count = 0;
        Instant limit = to.minus(every.dividedBy(2));
        Instant t = from.plus(every);
        for (int i = 0; t.isBefore(limit) && i < MAX_STEPS; t = t.plus(every), i++) {
            if (windowStart != null && t.isBefore(windowStart)) continue;
            if (first == null) first = t;
            last = t;
            count++;
        }
        if (count > 0) gaps.add(new Gap(first, last, count));
    }

    private void after(Instant newest, Instant now, List<Gap> gaps) {
        Instant first = null;
        Instant last = null;
        int count = 0;
        Instant t = newest.plus(every);
        for (int i = 0; !t.plus(every).plus(grace).isAfter(now) && i < MAX_STEPS; t = t.plus(every), i++) {
            if (first == null) first = t;
            last = t;
            count++;
        }
        if (count > 0) gaps.add(new Gap(first, last, count));
    }
}
