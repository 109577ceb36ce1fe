package dev.patrol.secrets.rules;

import com.google.re2j.Pattern;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * gitleaks' allowlist: a finding is allowed (not reported) when any criterion
 * holds, or, with {@code condition = "AND"}, when every configured criterion
 * holds. A global allowlist may name {@code targetRules}; otherwise it covers
 * every rule.
 */
public record Allowlist(
        String description,
        boolean requireAll,
        Target regexTarget,
        List<Pattern> regexes,
        List<Pattern> paths,
        Set<String> commits,
        List<String> stopwords,
        Set<String> targetRules) {

    /** What the allowlist's regexes are matched against. */
    public enum Target { SECRET, MATCH, LINE }

    public Allowlist {
        regexes = List.copyOf(regexes);
        paths = List.copyOf(paths);
        commits = Set.copyOf(commits);
        stopwords = stopwords.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
        targetRules = Set.copyOf(targetRules);
    }

    /** One reported place, as the allowlist sees it. {@code commit} is empty outside git history. */
    public record Candidate(String ruleId, String commit, String path, String secret, String match, String line) {
        @Override
        public String toString() {
            return "Candidate[" + ruleId + " " + path + "]";
        }
    }

    public boolean coversRule(String ruleId) {
        return targetRules.isEmpty() || targetRules.contains(ruleId);
    }

    public boolean allows(Candidate c) {
        int configured = 0;
        int held = 0;
        if (!commits.isEmpty()) {
            configured++;
            if (!c.commit().isEmpty() && commits.stream().anyMatch(x -> c.commit().startsWith(x))) held++;
        }
        if (!paths.isEmpty()) {
            configured++;
            if (paths.stream().anyMatch(p -> p.matcher(c.path()).find())) held++;
        }
        if (!regexes.isEmpty()) {
            configured++;
            String target = switch (regexTarget) {
                case SECRET -> c.secret();
                case MATCH -> c.match();
                case LINE -> c.line();
            };
            if (regexes.stream().anyMatch(p -> p.matcher(target).find())) held++;
        }
        if (!stopwords.isEmpty()) {
            configured++;
            String lower = c.secret().toLowerCase(Locale.ROOT);
            if (stopwords.stream().anyMatch(lower::contains)) held++;
        }
        if (configured == 0) return false;
        return requireAll ? held == configured : held > 0;
    }
}
