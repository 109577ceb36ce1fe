package dev.patrol.secrets.rules;

import com.google.re2j.Pattern;
import java.util.List;

/**
 * One detector, as gitleaks defines it: a regex (RE2 syntax, so matching time is
 * linear in the input whatever the pattern), the group holding the secret, a
 * minimum entropy, the keywords that must occur before the regex is worth
 * running, an optional path pattern, and allowlists of its own.
 *
 * <p>A rule with a path and no regex reports files by name alone (for example
 * key stores).
 */
public record Rule(
        String id,
        String description,
        Pattern regex,
        int secretGroup,
        double entropy,
        List<String> keywords,
        Pattern path,
        List<Allowlist> allowlists,
        List<String> tags) {

    public Rule {
        keywords = keywords.stream().map(k -> k.toLowerCase(java.util.Locale.ROOT)).toList();
        allowlists = List.copyOf(allowlists);
        tags = List.copyOf(tags);
    }

    /** Generic rules guess from context (`password = …`) and give way to a provider rule that matches the same text. */
    public boolean generic() {
        return tags.contains("generic") || id.startsWith("generic");
    }

    /**
     * Whether a match can span lines. Rules that cannot are run only on the lines
     * where one of their keywords occurs, which is most of the speed of a sweep.
     */
    public boolean multiline() {
        if (regex == null) return false;
        String p = regex.pattern();
        return p.contains("[\\s\\S]") || p.contains("(?s") || p.contains("\\n") || p.contains("\\r")
                || p.contains("PRIVATE KEY");
    }

    /** True when the rule applies to a file at {@code filePath} (rules without a path apply everywhere). */
    public boolean appliesTo(String filePath) {
        return path == null || path.matcher(filePath).find();
    }

    /** The secret of one regex match: the configured group, else the first group that matched, else the whole match. */
    public String secretOf(com.google.re2j.Matcher m) {
        if (secretGroup > 0 && secretGroup <= m.groupCount()) return m.group(secretGroup);
        for (int g = 1; g <= m.groupCount(); g++) {
            if (m.group(g) != null) return m.group(g);
        }
        return m.group();
    }

    /** Start offset of {@link #secretOf} within the matched input. */
    public int secretStart(com.google.re2j.Matcher m) {
        if (secretGroup > 0 && secretGroup <= m.groupCount()) return m.start(secretGroup);
        for (int g = 1; g <= m.groupCount(); g++) {
            if (m.group(g) != null) return m.start(g);
        }
        return m.start();
    }
}
