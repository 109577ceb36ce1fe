package dev.patrol.report.scorecard;

import java.util.ArrayList;
import java.util.List;

/** Open secret findings of the secrets job: 10 with none, 0 with any (a leaked credential is live until rotated). */
public final class SecretFindings implements Check {
    public String id() {
        return "open-secret-findings";
    }

    public Category category() {
        return Category.SECURITY;
    }

    public Score score(RepoContent repo, PatrolFacts facts) {
        if (!facts.swept()) return Score.inconclusive("the secrets job has not swept this repository yet (patrol run secrets)");
        if (facts.openFindings().isEmpty()) return Score.of(10, "no open secret findings");
        List<String> evidence = new ArrayList<>();
        int open = facts.openFindings().size();
        evidence.add(open + " open secret finding" + (open == 1 ? "" : "s"));
        evidence.addAll(facts.openFindings().stream().limit(10).toList());
        return Score.of(0, evidence);
    }
}
