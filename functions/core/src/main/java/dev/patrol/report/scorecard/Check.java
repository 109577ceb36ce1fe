package dev.patrol.report.scorecard;

/** One check of the maturity card: what it looks at, in which category, and its score. A new check is one class. */
public interface Check {
    String id();

    Category category();

    Score score(RepoContent repo, PatrolFacts facts);
}
