package dev.patrol.report.scorecard;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Actions pinned by commit SHA and Docker base images pinned by digest: the share that are. */
public final class PinnedDependencies implements Check {
    private static final Pattern USES = Pattern.compile("^\\s*-?\\s*uses:\\s*['\"]?([^'\"\\s#]+)");
    private static final Pattern FROM = Pattern.compile("^\\s*FROM\\s+(?:--platform=\\S+\\s+)?(\\S+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern SHA = Pattern.compile(".+@[0-9a-f]{40}$");

    public String id() {
        return "pinned-dependencies";
    }

    public Category category() {
        return Category.CI_CD;
    }

    public Score score(RepoContent repo, PatrolFacts facts) {
        List<String> unpinned = new ArrayList<>();
        int all = 0;
        int pinned = 0;
        for (String wf : Workflows.of(repo)) {
            for (String line : repo.lines(wf, l -> USES.matcher(l).find())) {
                Matcher m = USES.matcher(line.substring(line.indexOf(' ') + 1));
                if (!m.find()) continue;
                String ref = m.group(1);
                if (ref.startsWith("./") || ref.startsWith("docker://")) continue; // local actions go with the repo itself
                all++;
                if (SHA.matcher(ref).matches()) pinned++;
                else unpinned.add(Workflows.clip(line) + " (not pinned by SHA)");
            }
        }
        List<String> stages = new ArrayList<>();
        for (String df : repo.named(n -> n.equals("dockerfile") || n.endsWith(".dockerfile") || n.startsWith("dockerfile."))) {
            for (String line : repo.lines(df, l -> FROM.matcher(l).find())) {
                Matcher m = FROM.matcher(line.substring(line.indexOf(' ') + 1));
                if (!m.find()) continue;
                String image = m.group(1);
                String[] parts = line.split("\\s+");
                if (image.equalsIgnoreCase("scratch") || stages.contains(image.toLowerCase(java.util.Locale.ROOT))) continue;
                if (parts.length >= 4 && parts[parts.length - 2].equalsIgnoreCase("AS")) stages.add(parts[parts.length - 1].toLowerCase(java.util.Locale.ROOT));
                all++;
                if (image.contains("@sha256:")) pinned++;
                else unpinned.add(Workflows.clip(line) + " (not pinned by digest)");
            }
        }
        if (all == 0) return Score.inconclusive("no GitHub Actions steps and no Dockerfile FROM lines to pin");
        List<String> evidence = new ArrayList<>();
        evidence.add(pinned + " of " + all + " pinned (actions by SHA, images by digest)");
        evidence.addAll(unpinned.stream().limit(10).toList());
        return Score.of(Score.share(pinned, all), evidence);
    }
}
