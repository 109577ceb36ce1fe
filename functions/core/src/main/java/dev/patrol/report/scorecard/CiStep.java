package dev.patrol.report.scorecard;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A step that CI runs on every change: 10 when a CI configuration has one (the evidence quotes
 * the lines), 0 when none does or there is no CI. The checks of this kind are data: {@link #STANDARD}.
 */
public final class CiStep implements Check {
    public record Spec(String id, Category category, String what, String pattern) {}

    public static final List<Spec> STANDARD = List.of(
            new Spec("ci-tests", Category.TESTING, "test step",
                    "\\b(mvnw?\\s+[^\\n]*\\b(test|verify)\\b|gradlew?\\s+[^\\n]*\\b(test|check|build)\\b|npm\\s+(run\\s+)?test|yarn\\s+test"
                            + "|pnpm\\s+test|pytest|tox\\b|go\\s+test|cargo\\s+test|make\\s+test|dotnet\\s+test|rspec\\b|phpunit|scripts/test)"),
            new Spec("sast", Category.SECURITY, "SAST tool (CodeQL, Semgrep, SonarQube, Snyk, gosec, Bandit, SpotBugs, …)",
                    "(?i)(github/codeql-action|semgrep|sonar(qube|cloud|-scanner)?|snyk|gosec|bandit|spotbugs|findsecbugs|brakeman|psalm|phpstan"
                            + "|checkmarx|veracode|horusec|njsscan|trivy|grype|osv-scanner|gitleaks|trufflehog|zizmor)"));

    private final Spec spec;
    private final Pattern step;

    public CiStep(Spec spec) {
        this.spec = spec;
        this.step = Pattern.compile(spec.pattern());
    }

    public String id() {
        return spec.id();
    }

    public Category category() {
        return spec.category();
    }

    public Score score(RepoContent repo, PatrolFacts facts) {
        List<String> ci = CiConfig.files(repo);
        if (ci.isEmpty()) return Score.of(0, "no CI configuration, so no " + spec.what() + " runs on each change");
        List<String> found = new ArrayList<>();
        for (String f : ci) found.addAll(repo.lines(f, l -> step.matcher(l).find()).stream().map(Workflows::clip).toList());
        return found.isEmpty() ? Score.of(0, "no " + spec.what() + " in " + String.join(", ", ci)) : Score.of(10, found.stream().limit(5).toList());
    }
}
