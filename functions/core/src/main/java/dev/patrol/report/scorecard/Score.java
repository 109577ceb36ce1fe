package dev.patrol.report.scorecard;

import java.util.List;

/**
 * What one check found: 0–10, or null when Patrol could not tell (then {@code reason} says why,
 * and the check drops out of its category). Evidence is what a person can check: a file and
 * line, a count, a date.
 */
public record Score(Integer score, List<String> evidence, String reason) {
    public Score {
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
        if (score != null && (score < 0 || score > 10)) throw new IllegalArgumentException("score " + score + " outside 0..10");
    }

    public static Score of(int score, List<String> evidence) {
        return new Score(score, evidence, null);
    }

    public static Score of(int score, String... evidence) {
        return new Score(score, List.of(evidence), null);
    }

    public static Score inconclusive(String reason) {
        return new Score(null, List.of(), reason);
    }

    /** {@code part} of {@code whole} as 0–10, rounded. */
    public static int share(long part, long whole) {
        return whole == 0 ? 0 : (int) Math.round(10.0 * part / whole);
    }
}
