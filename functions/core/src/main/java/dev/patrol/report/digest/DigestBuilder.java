package dev.patrol.report.digest;

import dev.patrol.backups.BackupPattern;
import dev.patrol.config.BackupSetConfig;
import dev.patrol.config.HealthConfig;
import dev.patrol.config.PatrolConfig;
import dev.patrol.report.StateHistory;
import dev.patrol.secrets.FindingsLedger;
import dev.patrol.state.StateStore;
import dev.patrol.state.TargetState;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Puts the digest together from what the health, backups and secrets jobs and Patrol's own runs left in state. */
public final class DigestBuilder {
    private static final Duration DAY = Duration.ofDays(1);
    private static final Duration WEEK = Duration.ofDays(7);

    private final PatrolConfig config;
    private final StateStore state;
    private final StateHistory history;

    public DigestBuilder(PatrolConfig config, StateStore state, StateHistory history) {
        this.config = config;
        this.state = state;
        this.history = history;
    }

    /** {@code from}: the start of the report window (uptime bars and findings over time go back that far). */
    public Digest build(Instant now, Instant from) {
        Instant since = now.minus(DAY);
        Instant before = since.minus(WEEK);
        Digest.Health health = health(now, from, since, before);
        Digest.Backups backups = backups(now);
        Digest.Secrets secrets = secrets(now, from, since, before);
        Digest.Runs runs = runs(since, before);
        Map<String, Object> jobs = new LinkedHashMap<>();
        jobs.put("health", health);
        jobs.put("backups", backups);
        jobs.put("secrets", secrets);
        jobs.put("patrol", runs);
        boolean quiet = health.down() == 0 && health.transitions().isEmpty() && backups.failing() == 0 && secrets.newFindings().isEmpty()
                && runs.failed() == 0;
        return new Digest(since, summary(quiet, health, backups, secrets, runs), quiet, jobs);
    }

    private static String summary(boolean quiet, Digest.Health h, Digest.Backups b, Digest.Secrets s, Digest.Runs r) {
        List<String> parts = new ArrayList<>();
        if (quiet) {
            List<Digest.Target> endpoints = h.targets().stream().filter(t -> t.kind().equals("endpoint")).toList();
            var uptime = endpoints.stream().filter(t -> t.uptime() != null).mapToDouble(Digest.Target::uptime).min();
            parts.add(endpoints.size() + " endpoint" + (endpoints.size() == 1 ? "" : "s")
                    + (uptime.isPresent() ? " up " + percent(uptime.getAsDouble()) : endpoints.isEmpty() ? "" : " not checked in the last 24 h"));
            long heartbeats = h.targets().stream().filter(t -> t.kind().equals("heartbeat")).count();
            if (heartbeats > 0) parts.add(heartbeats + " heartbeat" + (heartbeats == 1 ? "" : "s") + " on time");
            parts.add(b.verified() + " backup" + (b.verified() == 1 ? "" : "s") + " verified");
            parts.add(s.open() == 0 ? "no new findings" : "no new findings (" + s.open() + " still open)");
            return "all quiet: " + String.join(", ", parts);
        }
        if (h.down() > 0) parts.add(h.down() + " target" + (h.down() == 1 ? "" : "s") + " down now");
        if (h.incidents() > 0) parts.add(h.incidents() + " incident" + (h.incidents() == 1 ? "" : "s") + " in 24 h");
        long recovered = h.transitions().size() - h.incidents();
        if (recovered > 0) parts.add(recovered + " recover" + (recovered == 1 ? "y" : "ies"));
        if (!h.missedHeartbeats().isEmpty()) parts.add(h.missedHeartbeats().size() + " heartbeat" + (h.missedHeartbeats().size() == 1 ? "" : "s") + " missed");
        if (b.failing() > 0) parts.add(b.failing() + " backup" + (b.failing() == 1 ? "" : "s") + " failing");
        if (!s.newFindings().isEmpty()) parts.add(s.newFindings().size() + " new secret finding" + (s.newFindings().size() == 1 ? "" : "s"));
        if (s.open() > 0) parts.add(s.open() + " open");
        if (r.failed() > 0) parts.add(r.failed() + " Patrol run" + (r.failed() == 1 ? "" : "s") + " could not check everything");
        return String.join(", ", parts);
    }

    /**
     * A share as people read uptime: 100% only when nothing failed, else two decimals rounded down, so one failed check
     * in a hundred thousand reads 99.99%, never 100% (and 2 of 3 reads 66.66% wherever it is shown).
     */
    public static String percent(double share) {
        double p = share * 100;
        if (p >= 100) return "100%";
        // The epsilon keeps float error from cutting an exact value a step down (0.29 * 100 is 28.999999999999996).
        return String.format(Locale.ROOT, "%.2f%%", Math.floor(p * 100 + 1e-6) / 100);
    }

    private Digest.Health health(Instant now, Instant from, Instant since, Instant before) {
        HealthConfig hc = config.health();
        Map<String, String> kinds = new LinkedHashMap<>();
        hc.endpoints().forEach(e -> kinds.put(e.name(), "endpoint"));
        hc.heartbeats().forEach(h -> kinds.put(h.name(), "heartbeat"));
        hc.freshness().forEach(f -> kinds.put(f.name(), "freshness"));
        List<StateHistory.Change> changes = history.transitions("health", before);
        LocalDate today = day(now);
        LocalDate start = day(from);
        Map<String, List<StateHistory.Change>> downs = new java.util.HashMap<>();
        for (StateHistory.Change c : changes) if (c.transition().equals("down")) downs.computeIfAbsent(c.target(), k -> new ArrayList<>()).add(c);
        List<Digest.Target> targets = new ArrayList<>();
        int down = 0;
        for (var e : kinds.entrySet()) {
            String name = e.getKey();
            TargetState s = history.targets("health").get(name);
            String status = s == null ? TargetState.UNKNOWN : s.status();
            if (TargetState.DOWN.equals(status)) down++;
            StateHistory.Days days = history.days("health", name, start);
            List<Digest.Day> bars = new ArrayList<>();
            for (LocalDate d = start; !d.isAfter(today); d = d.plusDays(1)) {
                StateHistory.Tally t = days.on(d);
                Double uptime = t.uptime();
                bars.add(new Digest.Day(d, uptime == null ? null : round4(uptime), t.checks()));
            }
            StateHistory.Tally recent = days.sum(today.minusDays(1), today);
            StateHistory.Tally earlier = days.sum(today.minusDays(8), today.minusDays(2));
            List<StateHistory.Change> mine = downs.getOrDefault(name, List.of());
            int incidents = (int) mine.stream().filter(c -> !c.at().isBefore(since)).count();
            int incidentsBefore = mine.size() - incidents;
            targets.add(new Digest.Target(name, e.getValue(), status, incidents, incidentsBefore,
                    recent.uptime() == null ? null : round4(recent.uptime()), earlier.uptime() == null ? null : round4(earlier.uptime()),
                    recent.checks(), recent.failures(), earlier.checks(), earlier.failures(), bars,
                    s == null ? null : s.since(), s == null ? null : s.lastMessage()));
        }
        List<Digest.Event> incidents = changes.stream().filter(c -> !c.at().isBefore(since) && kinds.containsKey(c.target()))
                .map(c -> new Digest.Event(c.at(), c.target(), c.transition(), c.message())).toList();
        List<Digest.Event> missed = incidents.stream()
                .filter(i -> i.transition().equals("down") && "heartbeat".equals(kinds.get(i.target()))).toList();
        return new Digest.Health(targets, incidents, missed, (int) targets.stream().filter(t -> "up".equals(t.status())).count(), down);
    }

    private Digest.Backups backups(Instant now) {
        List<Digest.BackupSet> sets = new ArrayList<>();
        for (BackupSetConfig b : config.backups()) {
            TargetState s = history.targets("backups").get(b.name());
            String status = s == null ? TargetState.UNKNOWN : s.status();
            List<Digest.Size> sizes = new ArrayList<>();
            BackupPattern pattern;
            try {
                pattern = BackupPattern.parse(b.pattern());
            } catch (RuntimeException e) {
                pattern = null;
            }
            JsonNode memory = history.document("backups#" + b.name(), "memory").orElse(null);
            if (memory != null && pattern != null) {
                for (var e : memory.path("sizes").properties()) {
                    BackupPattern p = pattern;
                    p.match(e.getKey()).ifPresent(period -> sizes.add(new Digest.Size(e.getKey(), period, e.getValue().asLong())));
                }
            }
            sizes.sort(Comparator.comparing(Digest.Size::period));
            Instant newest = sizes.isEmpty() ? null : sizes.getLast().period();
            Double age = newest == null ? null : Math.round(Duration.between(newest, now).toMinutes() / 6.0) / 10.0;
            sets.add(new Digest.BackupSet(b.name(), status, s == null ? null : s.lastMessage(), newest, age, sizes, trend(sizes)));
        }
        int verified = (int) sets.stream().filter(s -> s.status().equals(TargetState.UP)).count();
        int failing = (int) sets.stream().filter(s -> s.status().equals(TargetState.DOWN)).count();
        return new Digest.Backups(sets, verified, failing);
    }

    /** The newest size against the median of the ones before it: more than 10% apart is growing or shrinking. */
    static String trend(List<Digest.Size> sizes) {
        if (sizes.size() < 2) return null;
        List<Long> earlier = sizes.subList(0, sizes.size() - 1).stream().map(Digest.Size::size).sorted().toList();
        double median = earlier.size() % 2 == 1 ? earlier.get(earlier.size() / 2)
                : (earlier.get(earlier.size() / 2 - 1) + earlier.get(earlier.size() / 2)) / 2.0;
        long last = sizes.getLast().size();
        if (median == 0) return last == 0 ? "steady" : "growing";
        double change = (last - median) / median;
        return change < -0.10 ? "shrinking" : change > 0.10 ? "growing" : "steady";
    }

    private Digest.Secrets secrets(Instant now, Instant from, Instant since, Instant before) {
        FindingsLedger ledger = new FindingsLedger(state, java.time.Clock.fixed(now, ZoneOffset.UTC));
        List<FindingsLedger.StoredFinding> all = new ArrayList<>();
        for (var repo : config.secrets().repos()) all.addAll(ledger.list(repo.name(), true));
        List<Digest.Finding> fresh = all.stream().filter(f -> !f.firstSeen().isBefore(since)).map(DigestBuilder::finding).toList();
        int freshBefore = (int) all.stream().filter(f -> f.firstSeen().isBefore(since) && !f.firstSeen().isBefore(before)).count();
        List<Digest.Finding> open = all.stream().filter(f -> f.status() == FindingsLedger.Status.OPEN).map(DigestBuilder::finding).toList();
        List<Digest.OpenOn> overTime = new ArrayList<>();
        for (LocalDate d = day(from); !d.isAfter(day(now)); d = d.plusDays(1)) {
            Instant end = d.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            // An ignored finding has no date of ignoring: it is left out of the past as of now.
            int n = (int) all.stream().filter(f -> f.status() != FindingsLedger.Status.IGNORED && f.firstSeen().isBefore(end)
                    && (f.resolvedAt() == null || !f.resolvedAt().isBefore(end))).count();
            overTime.add(new Digest.OpenOn(d, n));
        }
        return new Digest.Secrets(fresh, freshBefore, open.size(), open, overTime);
    }

    private static Digest.Finding finding(FindingsLedger.StoredFinding f) {
        return new Digest.Finding(f.repo(), f.ruleId(), f.place(), f.redacted(), f.firstSeen(), f.status().name().toLowerCase(Locale.ROOT));
    }

    private Digest.Runs runs(Instant since, Instant before) {
        int total = 0;
        int failedBefore = 0;
        List<Digest.FailedRun> failed = new ArrayList<>();
        for (String job : List.of("health", "backups", "secrets", "report")) {
            for (StateHistory.Run r : history.runs(job, before)) {
                boolean recent = !r.startedAt().isBefore(since);
                if (recent) total++;
                if (r.errors().isEmpty()) continue;
                if (recent) failed.add(new Digest.FailedRun(job, r.startedAt(), r.errors()));
                else failedBefore++;
            }
        }
        failed.sort(Comparator.comparing(Digest.FailedRun::startedAt));
        return new Digest.Runs(total, failed.size(), failedBefore, failed);
    }

    private static LocalDate day(Instant t) {
        return t.atZone(ZoneOffset.UTC).toLocalDate();
    }

    /**
     * A share to four decimals, cut, never rounded up: one failure in 100,000 checks is 0.9999, not 1.0 (which the JSON and
     * the page would show as "100%"), and 2 of 3 is 0.6666, shown 66.66% wherever it appears.
     */
    private static double round4(double v) {
        // The cast cuts as floor does for a share (never negative), without StrictMath.floor's call: 90,000 a report.
        return (long) (v * 10_000.0 + 1e-6) / 10_000.0;
    }
}
