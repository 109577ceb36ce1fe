package dev.patrol.report.scorecard;

import java.util.List;
import dev.patrol.report.digest.DigestBuilder;

/** Uptime of the repository's services over the window, from the health job's daily tallies: 99.9% scores 10. */
public final class Uptime implements Check {
    public String id() {
        return "uptime";
    }

    public Category category() {
        return Category.MONITORING;
    }

    public Score score(RepoContent repo, PatrolFacts facts) {
        long checks = facts.services().stream().mapToLong(PatrolFacts.Service::checks).sum();
        if (checks == 0) return Score.inconclusive(facts.services().isEmpty() ? "no health targets watch this repository's services"
                : "the health job has not checked these services yet");
        long failures = facts.services().stream().mapToLong(PatrolFacts.Service::failures).sum();
        double uptime = 1.0 - (double) failures / checks;
        int score = uptime >= 0.999 ? 10 : uptime >= 0.995 ? 9 : uptime >= 0.99 ? 8 : uptime >= 0.98 ? 6 : uptime >= 0.95 ? 4 : uptime >= 0.9 ? 2 : 0;
        List<String> evidence = new java.util.ArrayList<>();
        evidence.add(DigestBuilder.percent(uptime) + " of " + checks + " checks passed");
        facts.services().stream().filter(s -> s.uptime() != null)
                .forEach(s -> evidence.add(s.name() + ": " + DigestBuilder.percent(s.uptime()) + " of " + s.checks() + " checks"));
        return Score.of(score, evidence);
    }
}
