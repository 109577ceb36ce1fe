package dev.patrol.secrets.rules;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;

/**
 * Reads gitleaks' TOML rule format: {@code [[rules]]} with {@code regex},
 * {@code secretGroup}, {@code entropy}, {@code keywords}, {@code path},
 * {@code tags} and allowlists ({@code [rules.allowlist]} or
 * {@code [[rules.allowlists]]}), global allowlists ({@code [allowlist]} or
 * {@code [[allowlists]]} with {@code targetRules}), and {@code [extend]} with
 * {@code useDefault}, {@code path} and {@code disabledRules}.
 *
 * <p>Every regex is compiled with RE2/J, so no rule can make a scan slow.
 * Errors name the file and, where the text shows it, the line.
 */
public final class GitleaksToml {

    private GitleaksToml() {}

    /** Loads a rule file; {@code [extend] path} is resolved beside it. */
    public static RuleSet load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RuleConfigException("cannot read rule file " + file + ": " + e.getMessage(), e);
        }
        return parse(text, file.toString(), file.toAbsolutePath().getParent());
    }

    /** Parses rule text; {@code source} names it in errors, {@code baseDir} resolves {@code [extend] path} (may be null). */
    public static RuleSet parse(String text, String source, Path baseDir) {
        Map<String, Object> root;
        try {
            root = TomlTree.parse(text);
        } catch (JacksonException e) {
            var loc = e.getLocation();
            String where = loc != null && loc.getLineNr() > 0 ? source + ":" + loc.getLineNr() : source;
            throw new RuleConfigException(where + ": invalid TOML: " + dev.patrol.state.Json.reason(e), e);
        }
        var reader = new Reader(text, source);
        List<Rule> own = new ArrayList<>();
        int index = 0;
        for (Map<String, Object> r : TomlTree.tables(root, "rules")) {
            own.add(reader.rule(r, index++));
        }
        List<Allowlist> globals = new ArrayList<>();
        for (Map<String, Object> a : TomlTree.tables(root, "allowlist")) globals.add(reader.allowlist(a, "[allowlist]", reader.lineOf("[allowlist]"), true));
        for (Map<String, Object> a : TomlTree.tables(root, "allowlists")) globals.add(reader.allowlist(a, "[[allowlists]]", reader.lineOf("[[allowlists]]"), true));

        Map<String, Object> extend = TomlTree.table(root, "extend");
        List<RuleSet> bases = new ArrayList<>();
        if (TomlTree.bool(extend, "useDefault")) bases.add(RuleSet.defaults());
        if (extend.get("path") != null) {
            Path p = Path.of(TomlTree.string(extend, "path", ""));
            bases.add(load(baseDir == null || p.isAbsolute() ? p : baseDir.resolve(p)));
        }
        Set<String> disabled = new LinkedHashSet<>(TomlTree.strings(extend, "disabledRules"));
        String digest = sha256(text + bases.stream().map(RuleSet::digest).toList());
        if (bases.isEmpty()) {
            if (own.isEmpty()) throw new RuleConfigException(source + ": no [[rules]] and no [extend]: nothing to detect");
            return new RuleSet(own, globals, digest);
        }
        return merge(bases, own, globals, disabled, digest);
    }

    /** gitleaks' extension: a rule with a base rule's id overrides the fields it sets and adds its allowlists. */
    private static RuleSet merge(List<RuleSet> bases, List<Rule> own, List<Allowlist> globals, Set<String> disabled, String digest) {
        Map<String, Rule> byId = new LinkedHashMap<>();
        List<Allowlist> allGlobals = new ArrayList<>();
        for (RuleSet base : bases) {
            base.rules().forEach(r -> byId.put(r.id(), r));
            allGlobals.addAll(base.allowlists());
        }
        for (Rule r : own) {
            Rule b = byId.get(r.id());
            byId.put(r.id(), b == null ? r : overlay(b, r));
        }
        disabled.forEach(byId::remove);
        allGlobals.addAll(globals);
        // Generic rules last, so that a team's provider rules take precedence on overlaps.
        List<Rule> ordered = new ArrayList<>(byId.values().stream().filter(r -> !r.generic()).toList());
        ordered.addAll(byId.values().stream().filter(Rule::generic).toList());
        return new RuleSet(ordered, allGlobals, digest);
    }

    private static Rule overlay(Rule base, Rule over) {
        List<Allowlist> allowlists = new ArrayList<>(base.allowlists());
        allowlists.addAll(over.allowlists());
        return new Rule(
                base.id(),
                over.description().isEmpty() ? base.description() : over.description(),
                over.regex() != null ? over.regex() : base.regex(),
                over.secretGroup() > 0 ? over.secretGroup() : base.secretGroup(),
                over.entropy() > 0 ? over.entropy() : base.entropy(),
                over.keywords().isEmpty() ? base.keywords() : over.keywords(),
                over.path() != null ? over.path() : base.path(),
                allowlists,
                over.tags().isEmpty() ? base.tags() : over.tags());
    }

    /** Reads rule tables; knows the source text so that errors can name a line. */
    private record Reader(String text, String source) {

        Rule rule(Map<String, Object> r, int index) {
            String id = TomlTree.string(r, "id", "");
            String label = "rules[" + index + "]" + (id.isEmpty() ? "" : " (" + id + ")");
            int line = id.isEmpty() ? -1 : lineOf("\"" + id + "\"");
            if (id.isEmpty()) throw fail(line, label + ": rule without an id");
            Pattern regex = compile(r.get("regex"), label, "regex", line);
            Pattern path = compile(r.get("path"), label, "path", line);
            if (regex == null && path == null) throw fail(line, label + ": a rule needs a regex or a path");
            int group = (int) TomlTree.number(r, "secretGroup");
            double entropy = TomlTree.number(r, "entropy");
            if (Double.isNaN(entropy)) throw fail(line, label + ": entropy must be a number");
            if (regex != null && group > regex.groupCount()) {
                throw fail(line, label + ": secretGroup " + group + " but the regex has " + regex.groupCount() + " groups");
            }
            List<Allowlist> allowlists = new ArrayList<>();
            for (Map<String, Object> a : TomlTree.tables(r, "allowlist")) allowlists.add(allowlist(a, label + " allowlist", line, false));
            for (Map<String, Object> a : TomlTree.tables(r, "allowlists")) allowlists.add(allowlist(a, label + " allowlists", line, false));
            return new Rule(id, TomlTree.string(r, "description", ""), regex, group, entropy,
                    TomlTree.strings(r, "keywords"), path, allowlists, TomlTree.strings(r, "tags"));
        }

        Allowlist allowlist(Map<String, Object> a, String label, int line, boolean global) {
            String condition = TomlTree.string(a, "condition", "OR").toUpperCase(java.util.Locale.ROOT);
            if (!condition.equals("OR") && !condition.equals("AND")) {
                throw fail(line, label + ": condition must be OR or AND, not " + condition);
            }
            Allowlist.Target target = switch (TomlTree.string(a, "regexTarget", "secret").toLowerCase(java.util.Locale.ROOT)) {
                case "secret", "" -> Allowlist.Target.SECRET;
                case "match" -> Allowlist.Target.MATCH;
                case "line" -> Allowlist.Target.LINE;
                default -> throw fail(line, label + ": regexTarget must be secret, match or line");
            };
            List<Pattern> regexes = new ArrayList<>();
            for (String n : TomlTree.strings(a, "regexes")) regexes.add(compile(n, label, "regexes", line));
            List<Pattern> paths = new ArrayList<>();
            for (String n : TomlTree.strings(a, "paths")) paths.add(compile(n, label, "paths", line));
            Set<String> targets = global ? Set.copyOf(TomlTree.strings(a, "targetRules")) : Set.of();
            return new Allowlist(TomlTree.string(a, "description", ""), condition.equals("AND"), target, regexes, paths,
                    Set.copyOf(TomlTree.strings(a, "commits")), TomlTree.strings(a, "stopwords"), targets);
        }

        Pattern compile(Object node, String label, String field, int fallbackLine) {
            if (node == null) return null;
            String p = node.toString();
            int line = lineOf(firstLine(p));
            Optional<String> tooLarge = RepetitionLimit.problem(p);
            if (tooLarge.isPresent()) {
                throw fail(line > 0 ? line : fallbackLine, label + ": " + field + " cannot be used: " + tooLarge.get()
                        + "; write it with smaller counts");
            }
            try {
                return Pattern.compile(p);
            } catch (PatternSyntaxException e) {
                throw fail(line > 0 ? line : fallbackLine, label + ": invalid " + field + " (RE2 syntax): " + e.getDescription());
            } catch (StackOverflowError e) {
                // A pattern this checker does not foresee: still the rule file's problem, not a crash.
                throw fail(line > 0 ? line : fallbackLine, label + ": " + field + " is too large to compile; simplify it");
            }
        }

        RuleConfigException fail(int line, String what) {
            return new RuleConfigException(source + (line > 0 ? ":" + line : "") + ": " + what);
        }

        int lineOf(String needle) {
            int at = needle.isEmpty() ? -1 : text.indexOf(needle);
            if (at < 0) return -1;
            int line = 1;
            for (int i = 0; i < at; i++) if (text.charAt(i) == '\n') line++;
            return line;
        }

        private static String firstLine(String p) {
            int nl = p.indexOf('\n');
            return nl < 0 ? p : p.substring(0, nl);
        }
    }

    private static String sha256(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
