package dev.patrol.secrets;

import dev.patrol.secrets.detect.Hit;
import dev.patrol.secrets.fingerprint.Fingerprints;
import dev.patrol.secrets.rules.Allowlist;
import dev.patrol.secrets.rules.Rule;
import dev.patrol.secrets.rules.RuleSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The secrets found so far in one repository, as places are reported: each
 * place passes the allowlists and suppressions, then joins the finding of its
 * rule and secret. A source (git history, a folder) reports places; this turns
 * them into {@link Finding}s.
 */
public final class FoundSecrets {

    /** Who introduced a place: a commit, or for files outside git an empty id and the file's time. */
    public record Author(String commit, String name, String email, Instant date, String message) {}

    private final String repo;
    private final RuleSet ruleSet;
    private final Suppressions suppressions;
    private final Map<String, List<Occurrence>> byKey = new LinkedHashMap<>();
    private final Map<String, Hit> firstHit = new HashMap<>();

    public FoundSecrets(String repo, RuleSet ruleSet, Suppressions suppressions) {
        this.repo = repo;
        this.ruleSet = ruleSet;
        this.suppressions = suppressions;
    }

    /** Reports one place; dropped when the rule does not apply to the path, or an allowlist or suppression covers it. */
    public void add(Rule rule, Hit h, String path, Author who) {
        if (!rule.appliesTo(path)) return;
        if (ruleSet.allowed(rule, new Allowlist.Candidate(rule.id(), who.commit(), path, h.secret(), h.match(), h.line()))) return;
        Occurrence o = new Occurrence(who.commit(), path, h.startLine(), h.endLine(), h.startColumn(), h.endColumn(),
                h.match(), who.name(), who.email(), who.date(), who.message(), h.decodedFrom());
        if (suppressions.suppresses(rule.id(), o, Fingerprints.patrol(repo, rule.id(), h.secret()))) return;
        byKey.computeIfAbsent(h.key(), k -> new ArrayList<>()).add(o);
        firstHit.putIfAbsent(h.key(), h);
    }

    /** A hit for a rule that matches files by path alone: the file itself is the finding. */
    public static Hit fileHit(Rule rule, String path) {
        return new Hit(rule.id(), "file:" + path, "file detected: " + path, 0, 0, 0, 0, "", 0, List.of());
    }

    /** The findings, oldest first, each with its places oldest first. */
    public List<Finding> findings(Predicate<String> inCurrentTree) {
        List<Finding> out = new ArrayList<>();
        for (var e : byKey.entrySet()) {
            Hit h = firstHit.get(e.getKey());
            Rule rule = ruleSet.rule(h.ruleId()).orElseThrow();
            List<Occurrence> occ = new ArrayList<>(e.getValue());
            occ.sort(Comparator.comparing(Occurrence::date).thenComparing(Occurrence::path).thenComparingInt(Occurrence::startLine));
            String fp = Fingerprints.patrol(repo, h.ruleId(), h.secret());
            out.add(new Finding(fp, repo, rule.id(), rule.description(), h.secret(), h.entropy(), rule.tags(), occ, inCurrentTree.test(fp)));
        }
        out.sort(Comparator.comparing((Finding f) -> f.first().date()).thenComparing(f -> f.first().path()));
        return out;
    }
}
