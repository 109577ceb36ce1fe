package dev.patrol.report.scorecard;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A repository's maturity score over the window, one point a day a report ran, and what changed since a week ago
 * (or since the oldest day kept, when the history is younger): the total, the band, and each check whose score moved,
 * the biggest fall first. {@code change} is absent on the first report, which has nothing to compare with.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScoreTrend(List<Point> points, Change change) {
    /** A drop of at least this many points (of 100) is worth a person's look: smaller ones are a check's daily wobble (Activity). */
    public static final int NOTABLE = 5;

    public record Point(LocalDate day, Integer score) {}

    /** One day's card as kept: the total, the band and every check's score (null: inconclusive that day). */
    public record Day(LocalDate day, Integer score, String band, Map<String, Integer> checks) {}

    /**
     * What moved since {@code since}. {@code direction}: "down" (fell by {@link #NOTABLE} points or more, or into a lower
     * band), "up" (rose by as much), else "steady"; {@code summary} says it in words, as the digest and the page do.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Change(LocalDate since, Integer from, Integer to, Integer delta, String bandFrom, String bandTo, String direction,
                         String summary, List<CheckChange> checks) {
        static Change between(Day base, Day today, List<CheckChange> checks) {
            Integer delta = base.score() == null || today.score() == null ? null : today.score() - base.score();
            boolean lowerBand = base.band() != null && today.band() != null && rank(today.band()) < rank(base.band());
            String direction = delta != null && (delta <= -NOTABLE || lowerBand) ? "down" : delta != null && delta >= NOTABLE ? "up" : "steady";
            String summary = text(base.score()) + " → " + text(today.score())
                    + (Objects.equals(base.band(), today.band()) || base.band() == null || today.band() == null ? ""
                    : " (" + base.band() + " → " + today.band() + ")") + " since " + base.day();
            if (!checks.isEmpty()) {
                summary += ": " + String.join(", ", checks.stream().limit(5).map(c -> c.check() + " " + text(c.from()) + " → " + text(c.to())).toList())
                        + (checks.size() > 5 ? " (+" + (checks.size() - 5) + " more)" : "");
            }
            return new Change(base.day(), base.score(), today.score(), delta, base.band(), today.band(), direction, summary, checks);
        }
    }

    /** A check whose score moved; null is "inconclusive" on that day. */
    public record CheckChange(String check, Integer from, Integer to) {}

    private static final List<String> BANDS = List.of("manual", "repeatable", "defined", "managed", "optimized");

    private static int rank(String band) {
        return BANDS.indexOf(band);
    }

    private static String text(Integer score) {
        return score == null ? "—" : score.toString();
    }

    /** The trend ending with {@code today} (the card just computed); {@code past} are the days kept before it, any order. */
    public static ScoreTrend of(List<Day> past, Day today) {
        List<Day> before = past.stream().filter(d -> d.day().isBefore(today.day())).sorted(Comparator.comparing(Day::day)).toList();
        List<Point> points = new ArrayList<>();
        before.forEach(d -> points.add(new Point(d.day(), d.score())));
        points.add(new Point(today.day(), today.score()));
        if (before.isEmpty()) return new ScoreTrend(points, null);
        LocalDate weekAgo = today.day().minusDays(7);
        Day base = before.stream().filter(d -> !d.day().isAfter(weekAgo)).reduce((a, b) -> b).orElse(before.getFirst());
        List<CheckChange> moved = new ArrayList<>();
        for (String id : new TreeSet<>(today.checks().keySet())) {
            if (!base.checks().containsKey(id)) continue; // a check this build added: no score of it then
            Integer was = base.checks().get(id);
            Integer is = today.checks().get(id);
            if (!Objects.equals(was, is)) moved.add(new CheckChange(id, was, is));
        }
        // The biggest falls first; a check turning inconclusive (or back) after those that moved by a number.
        moved.sort(Comparator.comparingInt((CheckChange c) -> c.from() == null || c.to() == null ? Integer.MAX_VALUE : c.to() - c.from()));
        return new ScoreTrend(points, Change.between(base, today, List.copyOf(moved)));
    }
}
