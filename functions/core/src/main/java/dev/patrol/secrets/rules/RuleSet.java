package dev.patrol.secrets.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The rules of one sweep and the global allowlists. {@code digest} identifies the
 * rule text: when it changes, earlier incremental scans no longer cover what the
 * new rules would find, and the next sweep reads the whole history again.
 */
public record RuleSet(List<Rule> rules, List<Allowlist> allowlists, String digest) {

    private static final String DEFAULT_RESOURCE = "/dev/patrol/secrets/rules/default.toml";

    /** Parsed once, on first use; a second thread asking meanwhile waits for that parse rather than doing its own. */
    private static final class Defaults {
        static final RuleSet RULES = GitleaksToml.parse(defaultText(), "built-in rules", null);
    }

    public RuleSet {
        rules = List.copyOf(rules);
        allowlists = List.copyOf(allowlists);
    }

    /** Patrol's built-in rules. */
    public static RuleSet defaults() {
        return Defaults.RULES;
    }

    static String defaultText() {
        try (InputStream in = RuleSet.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) throw new IllegalStateException("built-in rules missing from the classpath: " + DEFAULT_RESOURCE);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<Rule> rule(String id) {
        return rules.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /** True when the rule's own allowlists or a global allowlist that targets it let this candidate pass unreported. */
    public boolean allowed(Rule rule, Allowlist.Candidate candidate) {
        for (Allowlist a : rule.allowlists()) {
            if (a.allows(candidate)) return true;
        }
        for (Allowlist a : allowlists) {
            if (a.coversRule(rule.id()) && a.allows(candidate)) return true;
        }
        return false;
    }
}
