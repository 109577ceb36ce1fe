package dev.patrol.backups;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One backup for every expected period: missing ones are named by date ({@code 2026-11-21}, {@code 2026-11-03..2026-11-07}). */
final class PeriodCheck {
    private PeriodCheck() {}

    static void run(BackupSet set, List<Problem> problems, Map<String, Object> details) {
        if (set.config().every() == null) return;
        List<Instant> periods = set.objects().stream().filter(o -> !set.expired(o)).map(BackupObject::period).toList();
        if (periods.isEmpty()) return;
        Instant windowStart = set.config().retention() == null ? null : set.now().minus(set.config().retention());
        // A name cannot tell apart periods finer than its date: {yyyyMMdd} every 1h still means one a day.
        java.time.Duration step = set.config().every().compareTo(set.pattern().granularity()) < 0
                ? set.pattern().granularity() : set.config().every();
        List<Gap> gaps = new BackupTimeline(step, set.grace()).gaps(periods, windowStart, set.now());
        if (gaps.isEmpty()) return;
        List<String> labels = new ArrayList<>();
        int missing = 0;
        for (Gap g : gaps) {
            missing += g.count();
            labels.add(g.count() == 1 ? set.pattern().label(g.first())
                    : set.pattern().label(g.first()) + ".." + set.pattern().label(g.last()) + " (" + g.count() + ")");
        }
        details.put("missing", labels);
        problems.add(Problem.fail(Problem.Check.PERIODS, null, (missing == 1 ? "no backup for " : missing + " backups missing: ")
                + Lists.some(labels) + " (" + set.pattern().text() + " every " + Durations.human(step)
                + "): the backup job did not run or failed then; check its schedule and logs for those dates"));
    }
}
