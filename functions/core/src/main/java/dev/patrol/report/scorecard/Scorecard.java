package dev.patrol.report.scorecard;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The maturity card of one repository: each category the mean of its conclusive checks (0–10),
 * the total their weighted sum as 0–100 over the categories that could be scored. Inconclusive
 * checks and empty categories drop out and the weights renormalise, as Scorecard does; what was
 * left out is listed with the reason, never shown as a zero.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Scorecard(@JsonInclude(JsonInclude.Include.ALWAYS) Integer score, String band, List<CategoryScore> categories,
                        List<LeftOut> leftOut) {

    /** {@code score} is written as null, not left out, when no check of the category could be scored (CONTRACT). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CategoryScore(String id, String title, int weight, @JsonInclude(JsonInclude.Include.ALWAYS) Double score,
                                List<CheckScore> checks) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CheckScore(String id, @JsonInclude(JsonInclude.Include.ALWAYS) Integer score, List<String> evidence, String reason) {}

    public record LeftOut(String check, String reason) {}

    public static List<Check> standard() {
        Stream<Check> data = Stream.concat(PresentFile.STANDARD.stream().map(PresentFile::new), CiStep.STANDARD.stream().map(CiStep::new));
        return Stream.concat(data, Stream.of(
                new Activity(), new SignedHistory(), new CiConfig(), new PinnedDependencies(), new TokenPermissions(),
                new DangerousWorkflow(), new Tests(), new Lockfiles(), new BinaryArtifacts(),
                new SecretFindings(), new HealthMonitoring(), new Uptime(), new ContainerAndIac(), new ReleaseTags(),
                new BackupsVerified())).toList();
    }

    public static Scorecard of(List<Check> checks, RepoContent repo, PatrolFacts facts) {
        List<CategoryScore> categories = new ArrayList<>();
        List<LeftOut> leftOut = new ArrayList<>();
        double weighted = 0;
        int weights = 0;
        for (Category c : Category.values()) {
            List<CheckScore> scores = new ArrayList<>();
            for (Check check : checks) {
                if (check.category() != c) continue;
                Score s = check.score(repo, facts);
                scores.add(new CheckScore(check.id(), s.score(), s.evidence().stream().map(dev.patrol.report.Redaction::of).toList(), s.reason()));
                if (s.score() == null) leftOut.add(new LeftOut(check.id(), s.reason()));
            }
            List<Integer> conclusive = scores.stream().map(CheckScore::score).filter(java.util.Objects::nonNull).toList();
            Double mean = conclusive.isEmpty() ? null : Math.round(10.0 * conclusive.stream().mapToInt(Integer::intValue).average().orElse(0)) / 10.0;
            if (mean != null) {
                weighted += c.weight() * mean / 10.0;
                weights += c.weight();
            } else {
                leftOut.add(new LeftOut(c.id(), "no check of this category could be scored; its weight " + c.weight()
                        + " went to the others"));
            }
            categories.add(new CategoryScore(c.id(), c.title(), c.weight(), mean, scores));
        }
        Integer total = weights == 0 ? null : (int) Math.round(100.0 * weighted / weights);
        return new Scorecard(total, total == null ? null : band(total), categories, leftOut);
    }

    /** 0–20 manual, 21–40 repeatable, 41–60 defined, 61–80 managed, 81–100 optimized. */
    public static String band(int score) {
        if (score <= 20) return "manual";
        if (score <= 40) return "repeatable";
        if (score <= 60) return "defined";
        if (score <= 80) return "managed";
        return "optimized";
    }
}
