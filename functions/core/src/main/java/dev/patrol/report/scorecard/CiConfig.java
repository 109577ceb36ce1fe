package dev.patrol.report.scorecard;

import java.util.ArrayList;
import java.util.List;

/** CI configuration of any of the six usual systems. */
public final class CiConfig implements Check {
    /** The file (or folder prefix) each system reads, and its name. */
    static final List<String[]> SYSTEMS = List.of(
            new String[] {".github/workflows/", "GitHub Actions"},
            new String[] {".gitlab-ci.yml", "GitLab CI"},
            new String[] {"Jenkinsfile", "Jenkins"},
            new String[] {"azure-pipelines.yml", "Azure Pipelines"},
            new String[] {".circleci/config.yml", "CircleCI"},
            new String[] {"bitbucket-pipelines.yml", "Bitbucket Pipelines"});

    public String id() {
        return "ci-config";
    }

    public Category category() {
        return Category.CI_CD;
    }

    /** Every CI configuration file of the repository. */
    static List<String> files(RepoContent repo) {
        return SYSTEMS.stream().flatMap(s -> found(repo, s).stream()).toList();
    }

    private static List<String> found(RepoContent repo, String[] system) {
        String place = system[0];
        return place.endsWith("/") ? repo.paths(p -> p.startsWith(place) && (p.endsWith(".yml") || p.endsWith(".yaml")))
                : repo.first(place).map(List::of).orElse(List.of());
    }

    public Score score(RepoContent repo, PatrolFacts facts) {
        List<String> evidence = new ArrayList<>();
        for (String[] s : SYSTEMS) {
            List<String> found = found(repo, s);
            if (!found.isEmpty()) evidence.add(s[1] + ": " + String.join(", ", found));
        }
        return evidence.isEmpty() ? Score.of(0, "no CI configuration (GitHub Actions, GitLab CI, Jenkinsfile, Azure Pipelines, CircleCI, Bitbucket)")
                : Score.of(10, evidence);
    }
}
