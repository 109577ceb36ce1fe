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

    private static final java.util.regex.Pattern VERSION = java.util.regex.Pattern.compile(".*\\d+\\.\\d+.*");
    private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("\\d{1,9}");

    public Score score(RepoContent repo, PatrolFacts facts) {
        List<RepoContent.TagInfo> versions = repo.tags().stream().filter(t -> VERSION.matcher(t.name()).matches() && t.time() != null)
                .sorted(Comparator.comparing(RepoContent.TagInfo::time).thenComparing(ReleaseTags::byVersion).reversed()).toList();
        if (versions.isEmpty()) return Score.of(0, "no version tags (" + repo.tags().size() + " tags in all)");
        Instant since = repo.now().minus(Activity.PERIOD);
        long recent = versions.stream().filter(t -> t.time().isAfter(since)).count();
        RepoContent.TagInfo newest = versions.getFirst();
        return Score.of(recent > 0 ? 10 : 5, versions.size() + " version tags, " + recent + " in the last 90 days",
                "newest " + newest.name() + " on " + newest.time().toString().substring(0, 10));
    }

    /** Tags of the same second (two lightweight tags on one commit) in version order: v1.0.1 after v1.0.0, v1.10 after v1.9. */
    private static int byVersion(RepoContent.TagInfo a, RepoContent.TagInfo b) {
        int[] x = numbers(a.name());
        int[] y = numbers(b.name());
        int c = java.util.Arrays.compare(x, y);
        return c != 0 ? c : a.name().compareTo(b.name());
    }

    private static int[] numbers(String name) {
        return NUMBER.matcher(name).results().mapToInt(m -> Integer.parseInt(m.group())).toArray();
    }
}
