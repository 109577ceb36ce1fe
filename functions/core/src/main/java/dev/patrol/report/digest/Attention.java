package dev.patrol.report.digest;

import dev.patrol.report.Report;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the top of the report and the digest message lead with: what needs a person today, the worst first (a target
 * down, a backup failing, a live secret, Patrol unable to check, a repository it cannot read), each in words rather than
 * colour alone and with the anchor of its place on the page; then the good news, in a few short lines.
 * Built from the report itself, so the page, the Markdown and the Slack message say the same.
 */
public record Attention(List<Item> items, List<String> goodNews) {

    /** One thing to act on: a word ("DOWN"), how bad (a CSS class), what, the detail a person acts on, where on the page. */
    public record Item(String word, String level, String what, String detail, String anchor) {
        /** "DOWN backend (endpoint): since 07:02 UTC: database unhealthy": one line of the digest message. */
        public String line() {
            return word + " " + what + (detail == null || detail.isBlank() ? "" : ": " + detail);
        }
    }

    public boolean quiet() {
        return items.isEmpty();
    }

    public static Attention of(Digest digest, List<Report.Repo> repos, Instant now) {
        Digest.Health health = (Digest.Health) digest.jobs().get("health");
        Digest.Backups backups = (Digest.Backups) digest.jobs().get("backups");
        Digest.Secrets secrets = (Digest.Secrets) digest.jobs().get("secrets");
        Digest.Runs runs = (Digest.Runs) digest.jobs().get("patrol");
        List<Item> items = new ArrayList<>();
        List<String> good = new ArrayList<>();

        for (Digest.Target t : health.targets()) {
            if (!"down".equals(t.status())) continue;
            String since = t.since() == null ? null : "since " + ReadableTime.near(t.since(), now);
            items.add(new Item("DOWN", "bad", t.name() + " (" + t.kind() + ")", join(since, t.message()), "target-" + t.name()));
        }
        for (Digest.BackupSet b : backups.sets()) {
            if ("down".equals(b.status())) items.add(new Item("BACKUP FAILING", "bad", b.name(), b.message(), "backup-set-" + b.name()));
        }
        List<Digest.Finding> handled = new ArrayList<>();
        for (Digest.Finding f : secrets.newFindings()) {
            if ("open".equals(f.status())) {
                items.add(new Item("NEW SECRET", "bad", f.repo(), f.rule() + " in " + f.place() + " (" + f.redacted() + "), found "
                        + ReadableTime.near(f.firstSeen(), now) + ": rotate it", "secrets"));
            } else {
                handled.add(f);
            }
        }
        long olderOpen = secrets.openFindings().stream().filter(f -> secrets.newFindings().stream().noneMatch(n -> same(n, f))).count();
        if (olderOpen > 0) {
            items.add(new Item("OPEN SECRETS", "fair", olderOpen + " older finding" + plural(olderOpen), "still open; rotate or ignore each", "secrets"));
        }
        for (Digest.FailedRun r : runs.failures()) {
            items.add(new Item("PATROL COULD NOT CHECK", "fair", r.job() + " at " + ReadableTime.near(r.startedAt(), now), String.join("; ", r.errors()), "patrol"));
        }
        for (Report.Repo r : repos) {
            if (r.error() != null) items.add(new Item("UNREADABLE", "fair", "repository " + r.repo(), r.error(), "repo-" + r.repo()));
        }
        List<String> better = new ArrayList<>();
        for (Report.Repo r : repos) {
            var change = r.scoreTrend() == null ? null : r.scoreTrend().change();
            if (change == null) continue;
            if (change.direction().equals("down")) {
                items.add(new Item("MATURITY DOWN", "fair", "repository " + r.repo(), change.summary(), "trend-" + r.repo()));
            } else if (change.direction().equals("up")) {
                better.add(r.repo() + " " + change.from() + " → " + change.to() + " since " + change.since());
            }
        }

        List<String> recovered = new ArrayList<>();
        for (Digest.Event e : health.transitions()) {
            if (e.transition().equals("up") && !recovered.contains(e.target()) && health.targets().stream()
                    .anyMatch(t -> t.name().equals(e.target()) && "up".equals(t.status()))) recovered.add(e.target());
        }
        if (!recovered.isEmpty()) good.add("Recovered in the last 24 h: " + String.join(", ", recovered));
        if (!better.isEmpty()) good.add("Maturity up: " + String.join(", ", better));
        int targets = health.targets().size();
        if (targets > 0) good.add(health.up() + " of " + targets + " health target" + plural(targets) + " up now");
        List<String> verified = backups.sets().stream().filter(b -> "up".equals(b.status())).map(Digest.BackupSet::name).toList();
        if (!verified.isEmpty()) good.add("Backup" + plural(verified.size()) + " verified: " + String.join(", ", verified));
        if (!handled.isEmpty()) {
            good.add(handled.size() + " new secret finding" + plural(handled.size()) + " already handled: " + String.join(", ",
                    handled.stream().map(f -> f.repo() + " " + f.place() + " (" + f.status() + ")").toList()));
        } else if (secrets.newFindings().isEmpty()) {
            good.add("No new secret findings");
        }
        if (runs.total() > 0 && runs.failed() == 0) good.add(runs.total() + " Patrol run" + plural(runs.total()) + ", every target checked");
        return new Attention(List.copyOf(items), List.copyOf(good));
    }

    private static boolean same(Digest.Finding a, Digest.Finding b) {
        return a.repo().equals(b.repo()) && a.rule().equals(b.rule()) && a.place().equals(b.place()) && a.firstSeen().equals(b.firstSeen());
    }

    private static String join(String a, String b) {
        if (a == null || a.isBlank()) return b;
        if (b == null || b.isBlank()) return a;
        return a + ": " + b;
    }

    private static String plural(long n) {
        return n == 1 ? "" : "s";
    }
}
