package dev.patrol.report.scorecard;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The two workflow patterns Scorecard calls dangerous: {@code pull_request_target} that checks
 * out the pull request's head (untrusted code with a privileged token), and
 * {@code ${{ github.event.* }}} inside {@code run:} (script injection from titles, branch names).
 */
public final class DangerousWorkflow implements Check {
    private static final Pattern EVENT_IN_EXPR = Pattern.compile("\\$\\{\\{\\s*github\\.(event\\.|head_ref)");
    private static final Pattern RUN_STEP = Pattern.compile("-?\\s*run:.*");
    private static final Pattern HEAD_CHECKOUT = Pattern.compile("github\\.(event\\.pull_request\\.head\\.(sha|ref)|head_ref)|refs/pull/");

    public String id() {
        return "dangerous-workflow";
    }

    public Category category() {
        return Category.CI_CD;
    }

    public Score score(RepoContent repo, PatrolFacts facts) {
        List<String> workflows = Workflows.of(repo);
        if (workflows.isEmpty()) return Score.inconclusive("no GitHub Actions workflows");
        List<String> found = new ArrayList<>();
        for (String wf : workflows) {
            String text = repo.text(wf).orElse("");
            if (text.contains("pull_request_target")) {
                found.addAll(repo.lines(wf, l -> l.contains("ref:") && HEAD_CHECKOUT.matcher(l).find()).stream()
                        .map(l -> Workflows.clip(l) + " (pull_request_target checks out the pull request's code)").toList());
            }
            String[] lines = text.split("\n", -1);
            boolean inRun = false;
            int runIndent = -1;
            for (int i = 0; i < lines.length; i++) {
                String l = lines[i];
                int indent = l.length() - l.stripLeading().length();
                if (RUN_STEP.matcher(l.stripLeading()).matches()) {
                    inRun = true;
                    runIndent = indent;
                } else if (inRun && !l.isBlank() && indent <= runIndent) {
                    inRun = false;
                }
                if (inRun && EVENT_IN_EXPR.matcher(l).find()) {
                    found.add(wf + ":" + (i + 1) + " " + Workflows.clip(l.strip()) + " (event data in a run script)");
                }
            }
        }
        return found.isEmpty() ? Score.of(10, "none of " + workflows.size() + " workflow(s) checks out untrusted code or runs event data")
                : Score.of(0, found.stream().limit(10).toList());
    }
}
