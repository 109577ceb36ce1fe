package dev.patrol.config;

import dev.patrol.time.CronExpression;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * A time when DOWN and NEW alerts are held (checks still run, state is still
 * recorded): every {@code schedule} (5-field cron in {@code timezone}) for
 * {@code duration}, or once from {@code from} until {@code until}. Empty
 * {@code targets} and {@code jobs} mean every target of every job.
 */
public record MaintenanceWindow(String name, CronExpression schedule, Duration duration, ZoneId timezone,
                                Instant from, Instant until, List<String> targets, List<String> jobs) {
    public MaintenanceWindow {
        targets = List.copyOf(targets);
        jobs = List.copyOf(jobs);
    }

    public boolean covers(String job, String target) {
        return (jobs.isEmpty() || jobs.contains(job)) && (targets.isEmpty() || targets.contains(target));
    }

    /** When the window that is open at {@code now} closes; null when none is open. */
    public Instant openUntil(Instant now) {
        if (schedule == null) return !now.isBefore(from) && now.isBefore(until) ? until : null;
        // A window that opened less than `duration` ago is still open (the latest start is enough: windows of one schedule do not stack).
        return schedule.previousFire(now, timezone).map(start -> start.plus(duration)).filter(now::isBefore).orElse(null);
    }
}
