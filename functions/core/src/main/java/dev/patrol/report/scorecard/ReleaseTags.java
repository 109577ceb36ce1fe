package dev.patrol.report.scorecard;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** Releases are tagged: 10 with a version tag in the last 90 days, 5 with older ones only, 0 with none. */
public final class ReleaseTags implements Check {
    public String id() {
        return "release-tags";
    }

    public Category category() {
        return Category.DEPLOYMENT;
    }

    public Score score(RepoContent repo, PatrolFacts facts) {
        List<RepoContent.TagInfo> versions = repo.tags().stream().filter(t -> t.name().matches(".*\\d+\\.\\d+.*") && t.time() != null)
                .sorted(Comparator.comparing(RepoContent.TagInfo::time).reversed()).toList();
        if (versions.isEmpty()) return Score.of(0, "no version tags (" + repo.tags().size() + " tags in all)");
        Instant since = repo.now().minus(Activity.PERIOD);
        long recent = versions.stream().filter(t -> t.time().isAfter(since)).count();
        RepoContent.TagInfo newest = versions.getFirst();
        return Score.of(recent > 0 ? 10 : 5, versions.size() + " version tags, " + recent + " in the last 90 days",
                "newest " + newest.name() + " on " + newest.time().toString().substring(0, 10));
    }
}
