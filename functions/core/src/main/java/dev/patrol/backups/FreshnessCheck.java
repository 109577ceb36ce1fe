package dev.patrol.backups;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The newest backup must hold data no older than {@code maxAge} (the RPO). */
final class FreshnessCheck {
    private FreshnessCheck() {}

    static void run(BackupSet set, List<Problem> problems, Map<String, Object> details) {
        BackupObject newest = set.newest();
        Duration age = Duration.between(set.dataTime(newest), set.now());
        details.put("newest", Map.of("object", newest.name(), "size", newest.size(),
                "written", newest.info().lastModified().toString(), "ageSeconds", Math.max(0, age.toSeconds())));
        Duration maxAge = set.config().maxAge();
        if (maxAge != null && age.compareTo(maxAge) > 0) {
            problems.add(Problem.fail(Problem.Check.FRESHNESS, newest.name(), "newest backup " + newest.name() + " is "
                    + Durations.human(age) + " old, past maxAge " + Durations.human(maxAge) + ": no backup since "
                    + set.dataTime(newest) + "; check that the backup job still runs and can write to " + set.base()));
        }
    }
}
