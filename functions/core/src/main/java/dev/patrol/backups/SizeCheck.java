package dev.patrol.backups;

import dev.patrol.backups.restore.Sizes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sizes must be plausible: no empty object, none below {@code minSize}, and none
 * that shrank suddenly against the median of the backups before it (from the listing
 * and, for names no longer listed, from the sizes remembered in state). An empty or
 * halved backup usually means the job dumped nothing or stopped early.
 */
final class SizeCheck {
    /** Below this median, shrinking is noise (a few hundred bytes of headers), not a signal. */
    private static final long SHRINK_FLOOR = 1024;

    private SizeCheck() {}

    static void run(BackupSet set, Map<String, Long> history, VerifyOptions options, List<Problem> problems) {
        List<String> empty = new ArrayList<>();
        for (BackupObject o : set.objects()) {
            if (set.expired(o)) continue;
            if (o.size() == 0) {
                empty.add(o.name());
            } else if (o.size() < set.config().minSize()) {
                problems.add(Problem.fail(Problem.Check.SIZE, o.name(), o.name() + " is " + Sizes.human(o.size())
                        + ", below minSize " + Sizes.human(set.config().minSize()) + ": the backup job wrote less than a backup; check its log"));
            }
        }
        if (!empty.isEmpty()) {
            problems.add(Problem.fail(Problem.Check.SIZE, empty.get(0), (empty.size() == 1 ? empty.get(0) + " is empty (0 bytes)"
                    : empty.size() + " backups are empty (0 bytes): " + Lists.some(empty))
                    + ": the backup job wrote nothing; check its log and its access to the data"));
        }
        shrinks(set, history, options, problems);
    }

    private static void shrinks(BackupSet set, Map<String, Long> history, VerifyOptions options, List<Problem> problems) {
        // Every size known, by name: remembered ones, then listed ones (listed win); ordered by period.
        Map<String, Long> sizes = new LinkedHashMap<>();
        Map<String, java.time.Instant> periods = new java.util.HashMap<>();
        history.forEach((name, size) -> set.pattern().match(name).ifPresent(p -> {
            sizes.put(name, size);
            periods.put(name, p);
        }));
        java.util.Set<String> live = new java.util.HashSet<>();
        for (BackupObject o : set.objects()) {
            sizes.put(o.name(), o.size());
            periods.put(o.name(), o.period());
            if (!set.expired(o)) live.add(o.name());
        }
        List<String> order = new ArrayList<>(sizes.keySet());
        order.sort(java.util.Comparator.comparing(periods::get));
        for (int i = 0; i < order.size(); i++) {
            String name = order.get(i);
            long size = sizes.get(name);
            if (size == 0 || !live.contains(name)) continue;
            List<Long> before = new ArrayList<>();
            for (int j = Math.max(0, i - options.shrinkHistory()); j < i; j++) before.add(sizes.get(order.get(j)));
            if (before.size() < 2) continue; // one earlier backup is no history
            long median = median(before);
            if (median >= SHRINK_FLOOR && size < median * options.shrinkRatio()) {
                long percent = Math.round(100.0 * (median - size) / median);
                problems.add(Problem.fail(Problem.Check.SIZE, name, name + " is " + Sizes.human(size) + ", " + percent
                        + "% smaller than the " + Sizes.human(median) + " median of the " + before.size()
                        + " backups before it: data went missing or the dump stopped early; compare it with the previous backup"));
            }
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
