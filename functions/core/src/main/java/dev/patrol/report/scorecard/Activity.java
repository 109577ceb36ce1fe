package dev.patrol.report.scorecard;

import java.time.Duration;
import java.time.Instant;

/**
 * Maintained, as Scorecard counts it: commits in the last 90 days, 10 at one a week or more. A
 * repository younger than 90 days cannot show that yet: inconclusive, not failed.
 */
public final class Activity implements Check {
    static final Duration PERIOD = Duration.ofDays(90);

    public String id() {
        return "activity";
    }

    public Category category() {
        return Category.VERSION_CONTROL;
    }

    public Score score(RepoContent repo, PatrolFacts facts) {
        if (repo.commits().isEmpty()) return Score.inconclusive("no commits");
        Instant first = repo.commits().getLast().time();
        Instant since = repo.now().minus(PERIOD);
        if (first.isAfter(since)) {
            return Score.inconclusive("the first commit is from " + first.toString().substring(0, 10) + ", less than 90 days ago");
        }
        long recent = repo.commits().stream().filter(c -> c.time().isAfter(since)).count();
        int score = (int) Math.min(10, Math.round(10.0 * recent / 13)); // 13 weeks
        String last = repo.commits().getFirst().time().toString().substring(0, 10);
        return Score.of(score, recent + " commits in the last 90 days (10 takes 13, one a week)", "last commit " + last);
    }
}
