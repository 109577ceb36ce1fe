package dev.patrol.report.render;

import dev.patrol.report.Report;
import dev.patrol.report.digest.Digest;
import dev.patrol.report.dora.Dora;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report's charts as shapes for inline SVG: each bar knows its place, its colour class, its
 * value and the words of its tooltip, so templates only draw (and escape) them. Coordinates are in
 * the chart's own viewBox; the SVG scales to the page's width.
 */
public final class Charts {
    public static final int WIDTH = 720;
    public static final int HEIGHT = 120;

    /** One bar: place and size in the viewBox, a CSS class, the number it stands for and its tooltip. */
    public record Bar(double x, double y, double w, double h, String css, String value, String title) {}

    /** One chart: an id, a title, a one-line summary of what it shows, its bars and its axis labels. */
    public record Chart(String id, String title, String summary, int width, int height, List<Bar> bars, List<Label> labels) {}

    public record Label(double x, double y, String text) {}

    private Charts() {}

    /** At most this many uptime rows are drawn: the targets with the least uptime first, when there are more. */
    public static final int UPTIME_ROWS = 40;

    /**
     * A status-page row per health target: one bar per day, coloured by that day's uptime. With more
     * than {@link #UPTIME_ROWS} targets, the ones with the least uptime over the window (the rest are
     * in the table and the JSON).
     */
    public static List<Chart> uptime(Digest.Health health) {
        List<Digest.Target> targets = health.targets();
        if (targets.size() > UPTIME_ROWS) {
            java.util.Map<Digest.Target, Double> uptime = new java.util.IdentityHashMap<>();
            targets.forEach(t -> uptime.put(t, windowUptime(t)));
            targets = targets.stream().sorted(java.util.Comparator.comparingDouble(uptime::get)).limit(UPTIME_ROWS).toList();
        }
        List<Chart> out = new ArrayList<>();
        for (Digest.Target t : targets) {
            List<Digest.Day> days = t.days();
            double w = (double) WIDTH / Math.max(1, days.size());
            List<Bar> bars = new ArrayList<>();
            long checks = 0;
            long failed = 0;
            for (int i = 0; i < days.size(); i++) {
                Digest.Day d = days.get(i);
                String css = d.uptime() == null ? "none" : d.uptime() >= 0.999 ? "good" : d.uptime() >= 0.99 ? "fair" : "bad";
                String value = d.uptime() == null ? "" : pct(d.uptime());
                bars.add(new Bar(round(i * w), 0, round(Math.max(1, w - 2)), 28, css, value,
                        d.day() + ": " + (d.uptime() == null ? "not checked" : value + " of " + d.checks() + " checks")));
                checks += d.checks();
                if (d.uptime() != null) failed += Math.round((1 - d.uptime()) * d.checks());
            }
            String total = checks == 0 ? "no checks yet" : pct(1.0 - (double) failed / checks) + " uptime, " + checks + " checks in " + days.size() + " days";
            out.add(new Chart("uptime-" + t.name(), t.kind() + " " + t.name(), total, WIDTH, 28, bars, List.of()));
        }
        return out;
    }

    private static double windowUptime(Digest.Target t) {
        double checks = 0;
        double up = 0;
        for (Digest.Day d : t.days()) {
            if (d.uptime() == null) continue;
            checks += d.checks();
            up += d.uptime() * d.checks();
        }
        return checks == 0 ? 1.0 : up / checks;
    }

    /** Secret findings open at the end of each day of the window. */
    public static Chart findingsOpen(Digest.Secrets secrets) {
        List<Digest.OpenOn> days = secrets.openOverTime();
        int max = days.stream().mapToInt(Digest.OpenOn::open).max().orElse(0);
        double w = (double) WIDTH / Math.max(1, days.size());
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < days.size(); i++) {
            Digest.OpenOn d = days.get(i);
            double h = max == 0 ? 0 : (HEIGHT - 20) * d.open() / (double) max;
            bars.add(new Bar(round(i * w), round(HEIGHT - 16 - h), round(Math.max(1, w - 1)), round(h), d.open() == 0 ? "good" : "bad",
                    String.valueOf(d.open()), d.day() + ": " + d.open() + " open"));
        }
        List<Label> labels = days.isEmpty() ? List.of() : List.of(new Label(0, HEIGHT - 2, days.getFirst().day().toString()),
                new Label(WIDTH, HEIGHT - 2, days.getLast().day().toString()));
        return new Chart("findings-open", "Secret findings open", secrets.open() + " open now, at most " + max + " in the window", WIDTH, HEIGHT, bars, labels);
    }

    /** Sizes of each backup set's recent backups, oldest first: a chart for each set with two or more. */
    public static List<Chart> backupSizes(Digest.Backups backups) {
        List<Chart> out = new ArrayList<>();
        for (Digest.BackupSet set : backups.sets()) {
            List<Digest.Size> sizes = set.sizes();
            if (sizes.size() < 2) continue; // one bar the page's width says nothing: the table has the one size
            long max = sizes.stream().mapToLong(Digest.Size::size).max().orElse(0);
            double w = (double) WIDTH / Math.max(1, sizes.size());
            List<Bar> bars = new ArrayList<>();
            for (int i = 0; i < sizes.size(); i++) {
                Digest.Size s = sizes.get(i);
                double h = max == 0 ? 0 : (HEIGHT - 20) * s.size() / (double) max;
                bars.add(new Bar(round(i * w), round(HEIGHT - 16 - h), round(Math.max(1, w - 2)), round(h), s.size() == 0 ? "bad" : "neutral",
                        String.valueOf(s.size()), s.name() + ": " + bytes(s.size())));
            }
            String summary = sizes.size() + " backups, newest " + bytes(sizes.getLast().size())
                    + (set.sizeTrend() == null ? "" : ", " + set.sizeTrend());
            out.add(new Chart("backup-" + set.name(), "Backup sizes: " + set.name(), summary, WIDTH, HEIGHT, bars, List.of()));
        }
        return out;
    }

    /** Deployments per week, the failed ones in red on top of the rest. */
    public static Chart doraWeeks(Report.Repo repo) {
        List<Dora.Week> weeks = repo.dora().weeks();
        int max = weeks.stream().mapToInt(Dora.Week::deployments).max().orElse(0);
        double w = (double) WIDTH / Math.max(1, weeks.size());
        List<Bar> bars = new ArrayList<>();
        List<Label> labels = new ArrayList<>();
        for (int i = 0; i < weeks.size(); i++) {
            Dora.Week wk = weeks.get(i);
            double unit = max == 0 ? 0 : (HEIGHT - 34) / (double) max;
            double okH = unit * (wk.deployments() - wk.failed());
            double failH = unit * wk.failed();
            String when = wk.from().toString().substring(0, 10);
            String title = "week of " + when + ": " + wk.deployments() + " deployments, " + wk.failed() + " failed"
                    + (wk.medianLeadHours() == null ? "" : ", median lead time " + wk.medianLeadHours() + " h");
            bars.add(new Bar(round(i * w + 2), round(HEIGHT - 16 - okH), round(Math.max(1, w - 4)), round(okH), "neutral",
                    String.valueOf(wk.deployments()), title));
            if (wk.failed() > 0) {
                bars.add(new Bar(round(i * w + 2), round(HEIGHT - 16 - okH - failH), round(Math.max(1, w - 4)), round(failH), "bad",
                        String.valueOf(wk.failed()), title));
            }
            labels.add(new Label(round(i * w + w / 2 - 4), round(HEIGHT - 20 - okH - failH - 2), String.valueOf(wk.deployments())));
        }
        return new Chart("dora-" + repo.repo(), "Deployments per week: " + repo.repo(),
                repo.dora().deploymentFrequency().deployments() + " deployments in " + weeks.size() + " weeks", WIDTH, HEIGHT, bars, labels);
    }

    /** The maturity score on each day a report ran, coloured by its band (managed and up good, defined fair, below bad). */
    public static Chart scoreDays(Report.Repo repo) {
        List<dev.patrol.report.scorecard.ScoreTrend.Point> points = repo.scoreTrend().points();
        double w = (double) WIDTH / Math.max(1, points.size());
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            var p = points.get(i);
            if (p.score() == null) {
                bars.add(new Bar(round(i * w + 1), HEIGHT - 17, round(Math.max(1, w - 2)), 1, "none", "", p.day() + ": not scored"));
                continue;
            }
            double h = Math.max(1, (HEIGHT - 20) * p.score() / 100.0);
            String css = p.score() > 60 ? "good" : p.score() > 40 ? "fair" : "bad";
            bars.add(new Bar(round(i * w + 1), round(HEIGHT - 16 - h), round(Math.max(1, w - 2)), round(h), css, String.valueOf(p.score()),
                    p.day() + ": " + p.score() + "/100 " + dev.patrol.report.scorecard.Scorecard.band(p.score())));
        }
        List<Label> labels = List.of(new Label(0, HEIGHT - 2, points.getFirst().day().toString()),
                new Label(WIDTH, HEIGHT - 2, points.getLast().day().toString()));
        var change = repo.scoreTrend().change();
        return new Chart("score-" + repo.repo(), "Maturity score by day: " + repo.repo(),
                change == null ? points.size() + " days" : change.summary(), WIDTH, HEIGHT, bars, labels);
    }

    /** Median lead time per week, in hours: one bar a week, an empty one where the week shipped nothing. */
    public static Chart leadTimeWeeks(Report.Repo repo) {
        return weekly(repo, "lead-", "Median lead time per week: ", "h", Dora.Week::medianLeadHours, "lead time " + repo.dora().leadTime().bucket());
    }

    /** Median time to restore per week, in minutes: one bar a week, an empty one where no incident ended. */
    public static Chart restoreWeeks(Report.Repo repo) {
        return weekly(repo, "restore-", "Median time to restore per week: ", "min", Dora.Week::medianRestoreMinutes,
                "time to restore " + repo.dora().timeToRestore().bucket());
    }

    private static Chart weekly(Report.Repo repo, String id, String title, String unit, java.util.function.Function<Dora.Week, Double> value,
                                String bucket) {
        List<Dora.Week> weeks = repo.dora().weeks();
        double max = weeks.stream().map(value).filter(java.util.Objects::nonNull).mapToDouble(Double::doubleValue).max().orElse(0);
        double w = (double) WIDTH / Math.max(1, weeks.size());
        List<Bar> bars = new ArrayList<>();
        List<Label> labels = new ArrayList<>();
        int measured = 0;
        for (int i = 0; i < weeks.size(); i++) {
            Dora.Week wk = weeks.get(i);
            Double v = value.apply(wk);
            String when = "week of " + wk.from().toString().substring(0, 10);
            if (v == null) {
                bars.add(new Bar(round(i * w + 2), HEIGHT - 17, round(Math.max(1, w - 4)), 1, "none", "", when + ": nothing to measure"));
                continue;
            }
            measured++;
            double h = max == 0 ? 1 : Math.max(1, (HEIGHT - 34) * v / max);
            String text = number(v);
            bars.add(new Bar(round(i * w + 2), round(HEIGHT - 16 - h), round(Math.max(1, w - 4)), round(h), "neutral", text,
                    when + ": " + text + " " + unit));
            labels.add(new Label(round(i * w + w / 2 - 8), round(HEIGHT - 20 - h - 2), text));
        }
        return new Chart(id + repo.repo(), title + repo.repo(), measured + " of " + weeks.size() + " weeks measured, in " + unit + "; " + bucket,
                WIDTH, HEIGHT, bars, labels);
    }

    /** 2.0 as 2, 0.25 as 0.25: the numbers as the JSON has them, without a trailing .0. */
    private static String number(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    static String pct(double share) {
        return dev.patrol.report.digest.DigestBuilder.percent(share);
    }

    static String bytes(long n) {
        if (n < 1024) return n + " B";
        if (n < 1024 * 1024) return String.format(Locale.ROOT, "%.1f KB", n / 1024.0);
        if (n < 1024L * 1024 * 1024) return String.format(Locale.ROOT, "%.1f MB", n / 1048576.0);
        return String.format(Locale.ROOT, "%.2f GB", n / 1073741824.0);
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
