package dev.patrol.report.scorecard;

import java.util.ArrayList;
import java.util.List;

/** Workflows that declare their GITHUB_TOKEN permissions (top level or per job), and none that asks for write-all. */
public final class TokenPermissions implements Check {
    public String id() {
        return "token-permissions";
    }

    public Category category() {
        return Category.CI_CD;
    }

    public Score score(RepoContent repo, PatrolFacts facts) {
        List<String> workflows = Workflows.of(repo);
        if (workflows.isEmpty()) return Score.inconclusive("no GitHub Actions workflows, so no GITHUB_TOKEN to restrict");
        List<String> evidence = new ArrayList<>();
        int declared = 0;
        for (String wf : workflows) {
            List<String> perms = repo.lines(wf, l -> l.matches("^\\s*permissions:.*"));
            List<String> writeAll = repo.lines(wf, l -> l.matches("^\\s*permissions:\\s*write-all\\s*(#.*)?$"));
            if (!writeAll.isEmpty()) {
                evidence.add(writeAll.getFirst() + " (grants every permission)");
            } else if (perms.isEmpty()) {
                evidence.add(wf + " declares no permissions (the token gets the repository's defaults)");
            } else {
                declared++;
                evidence.add(perms.getFirst());
            }
        }
        return Score.of(Score.share(declared, workflows.size()), evidence);
    }
}
