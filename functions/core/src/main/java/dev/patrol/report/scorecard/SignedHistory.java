package dev.patrol.report.scorecard;

import java.util.List;

/** The share of recent commits (the last 100) and of annotated tags that are signed (GPG, SSH or X.509). */
public final class SignedHistory implements Check {
    private static final int RECENT = 100;

    public String id() {
        return "signed-commits";
    }

    public Category category() {
        return Category.VERSION_CONTROL;
    }

    public Score score(RepoContent repo, PatrolFacts facts) {
        List<RepoContent.CommitInfo> recent = repo.commits().stream().limit(RECENT).toList();
        if (recent.isEmpty()) return Score.inconclusive("no commits");
        long signed = recent.stream().filter(RepoContent.CommitInfo::signed).count();
        List<RepoContent.TagInfo> annotated = repo.tags().stream().filter(RepoContent.TagInfo::annotated).toList();
        long signedTags = annotated.stream().filter(RepoContent.TagInfo::signed).count();
        long all = recent.size() + annotated.size();
        return Score.of(Score.share(signed + signedTags, all), signed + " of the last " + recent.size() + " commits signed",
                signedTags + " of " + annotated.size() + " annotated tags signed");
    }
}
