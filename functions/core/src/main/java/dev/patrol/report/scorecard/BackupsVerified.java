package dev.patrol.report.scorecard;

/** Backup sets the backups job verifies (exists, fresh, plausible size, restores): the share that pass now. */
public final class BackupsVerified implements Check {
    public String id() {
        return "backups-verified";
    }

    public Category category() {
        return Category.BACKUP;
    }

    public Score score(RepoContent repo, PatrolFacts facts) {
        if (facts.backups().isEmpty()) return Score.of(0, "no backup set is verified by Patrol (backups: in patrol.yml)");
        long ran = facts.backups().stream().filter(b -> !b.status().equals("unknown")).count();
        if (ran == 0) return Score.inconclusive("the backups job has not verified its " + facts.backups().size() + " backup set(s) yet");
        long ok = facts.backups().stream().filter(b -> b.status().equals("up")).count();
        return Score.of(Score.share(ok, ran), facts.backups().stream()
                .map(b -> b.name() + ": " + (b.status().equals("up") ? "verified" : b.status().equals("down") ? "failing" : "not run yet")
                        + (b.message() == null || b.message().isBlank() ? "" : " (" + b.message() + ")")).toList());
    }
}
