package dev.patrol.report.scorecard;

import java.util.List;

/** GitHub Actions workflow files, which the workflow-safety checks read. */
final class Workflows {
    private Workflows() {}

    static List<String> of(RepoContent repo) {
        return repo.paths(p -> p.startsWith(".github/workflows/") && (p.endsWith(".yml") || p.endsWith(".yaml")));
    }

    static String clip(String line) {
        return line.length() > 140 ? line.substring(0, 140) + "…" : line;
    }
}
