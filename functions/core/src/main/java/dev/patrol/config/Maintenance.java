package dev.patrol.config;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Reads the top-level {@code maintenance:} list into {@link MaintenanceWindow}s, every mistake with its line. */
final class Maintenance {
    private static final Set<String> KEYS = Set.of("name", "schedule", "duration", "timezone", "from", "until", "targets", "jobs");
    private static final Set<String> JOBS = Set.of("health", "backups", "secrets");

    private Maintenance() {}

    static List<MaintenanceWindow> read(ConfigReading r, Node top, Map<String, Set<String>> targetsByJob) {
        List<MaintenanceWindow> out = new ArrayList<>();
        List<Node> items = top.mappings("maintenance");
        for (int i = 0; i < items.size(); i++) {
            Node w = items.get(i);
            w.allowOnly(KEYS);
            String name = w.text("name");
            ZoneId zone = r.zone(w, "timezone");
            List<String> jobs = w.texts("jobs") == null ? List.of() : w.texts("jobs");
            jobs.stream().filter(j -> !JOBS.contains(j)).forEach(j -> w.error("jobs", "\"" + j + "\" is not a job; use health, backups or secrets"));
            List<String> targets = w.texts("targets") == null ? List.of() : w.texts("targets");
            Set<String> known = new TreeSet<>();
            targetsByJob.forEach((job, names) -> {
                if (jobs.isEmpty() || jobs.contains(job)) known.addAll(names);
            });
            targets.stream().filter(t -> !known.contains(t)).forEach(t -> w.error("targets", "\"" + t + "\" is not a target"
                    + (jobs.isEmpty() ? "" : " of " + String.join(", ", jobs)) + (known.isEmpty() ? "" : "; known: " + String.join(", ", known))));
            boolean once = w.has("from") || w.has("until");
            if (w.has("schedule") && once) {
                w.error(null, "has both schedule and from/until; a window is either repeating (schedule + duration) or one-off (from + until)");
                continue;
            }
            if (once) {
                Instant from = instant(w, "from", zone);
                Instant until = instant(w, "until", zone);
                if (w.has("duration")) w.error("duration", "belongs to a repeating window (with schedule); a one-off window ends at until");
                if (from != null && until != null && !until.isAfter(from)) {
                    w.error("until", "(" + w.text("until") + ") is not after from (" + w.text("from") + ")");
                } else if (from != null && until != null) {
                    out.add(new MaintenanceWindow(label(name, i), null, null, zone, from, until, targets, jobs));
                }
                continue;
            }
            if (!w.has("schedule")) {
                w.error(null, "needs schedule and duration (e.g. schedule: \"0 2 * * SUN\", duration: 2h) or from and until");
                continue;
            }
            var schedule = r.cron(w, "schedule");
            if (!w.has("duration")) w.error(null, "needs duration (how long each window lasts, e.g. duration: 2h)");
            Duration duration = r.positiveDuration(w, "duration", null);
            if (duration != null && duration.compareTo(Duration.ofDays(7)) > 0) {
                w.error("duration", "must be 7d or less; for a longer pause use a one-off window (from/until) or patrol mute");
            } else if (schedule != null && duration != null) {
                out.add(new MaintenanceWindow(label(name, i), schedule, duration, zone, null, null, targets, jobs));
            }
        }
        return out;
    }

    private static String label(String name, int i) {
        return name != null && !name.isBlank() ? name : "maintenance[" + i + "]";
    }

    /** An ISO instant with offset, or a local date-time read in the window's time zone. */
    private static Instant instant(Node w, String key, ZoneId zone) {
        String raw = w.requiredText(key, "\"2026-12-06T02:00\"");
        if (raw == null) return null;
        String t = raw.trim().replace(' ', 'T');
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeException notOffset) {
            try {
                return LocalDateTime.parse(t).atZone(zone).toInstant();
            } catch (DateTimeException e) {
                w.error(key, "\"" + raw + "\" is not a date and time; write 2026-12-06T02:00 (in timezone) or 2026-12-06T02:00:00Z");
                return null;
            }
        }
    }
}
