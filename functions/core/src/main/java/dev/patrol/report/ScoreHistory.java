package dev.patrol.report;

import dev.patrol.report.scorecard.ScoreTrend;
import dev.patrol.report.scorecard.Scorecard;
import dev.patrol.state.Expect;
import dev.patrol.state.Json;
import dev.patrol.state.StateItem;
import dev.patrol.state.StateStore;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Each repository's maturity score by day, kept by the report itself: a scorecard is computed from what the repository
 * holds today, and nothing else remembers yesterday's, so without this no report could say which repository slipped.
 * One item a repository a day (the day's last report wins), beside the repository's tag positions.
 */
final class ScoreHistory {
    private static final String PREFIX = "score#";
    /** As long as the pipeline keeps its daily tallies: a year's trend, and the same day a year ago. */
    private static final Duration KEEP = Duration.ofDays(400);

    private record Stored(Integer score, String band, Map<String, Integer> checks) {}

    private final StateStore state;
    private final String repo;
    private final List<ScoreTrend.Day> days;

    /** The days stored for {@code repo} from {@code from} on, oldest first. */
    ScoreHistory(StateStore state, String repo, LocalDate from) {
        this.state = state;
        this.repo = repo;
        List<ScoreTrend.Day> read = new ArrayList<>();
        for (StateItem i : state.query(RepoReporter.pk(repo), PREFIX)) {
            LocalDate day;
            Stored s;
            try {
                day = LocalDate.parse(i.sk().substring(PREFIX.length()));
                s = Json.read(i.data(), Stored.class);
            } catch (RuntimeException e) {
                continue; // an item this build cannot read costs one point of the trend, not the report
            }
            if (!day.isBefore(from)) read.add(new ScoreTrend.Day(day, s.score(), s.band(), s.checks() == null ? Map.of() : s.checks()));
        }
        read.sort(java.util.Comparator.comparing(ScoreTrend.Day::day));
        this.days = List.copyOf(read);
    }

    List<ScoreTrend.Day> days() {
        return days;
    }

    static ScoreTrend.Day of(LocalDate day, Scorecard card) {
        Map<String, Integer> checks = new LinkedHashMap<>();
        card.categories().forEach(c -> c.checks().forEach(k -> checks.put(k.id(), k.score())));
        return new ScoreTrend.Day(day, card.score(), card.band(), checks);
    }

    /** Today's point, written unless the same is stored already (cron every 15 minutes writes it once, not 96 times). */
    void remember(ScoreTrend.Day today, Instant now) {
        Optional<ScoreTrend.Day> stored = days.stream().filter(d -> d.day().equals(today.day())).findFirst();
        if (stored.isPresent() && stored.get().equals(today)) return;
        String data = Json.write(new Stored(today.score(), today.band(), today.checks()));
        state.put(StateItem.of(RepoReporter.pk(repo), PREFIX + today.day(), data).expiringAt(now.plus(KEEP)), Expect.ANYTHING);
    }
}
