package dev.patrol.health;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.patrol.time.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * One condition an endpoint's answer must meet, in the spirit of Gatus:
 * {@code status == 200}, {@code status < 500}, {@code responseTime < 800ms},
 * {@code body.status == healthy}, {@code body.checks.database.status == healthy},
 * {@code body contains "ok"}, {@code header.Content-Type contains json},
 * {@code cert.expiresIn > 14d}, {@code len(body.items) > 0}, {@code body matches "^OK"}.
 * A failed condition says what was observed.
 */
public record Condition(String text, String subject, Op op, String expected) {

    public enum Op {
        EQ("=="), NE("!="), LE("<="), GE(">="), LT("<"), GT(">"), NOT_CONTAINS("not contains"), CONTAINS("contains"), MATCHES("matches");

        final String symbol;
        /** For a word operator ("contains"), the word between spaces, so "containsX" is not it; null for a symbol. */
        final java.util.regex.Pattern word;

        Op(String symbol) {
            this.symbol = symbol;
            this.word = symbol.chars().allMatch(c -> c == ' ' || (c >= 'a' && c <= 'z'))
                    ? java.util.regex.Pattern.compile("\\s" + java.util.regex.Pattern.quote(symbol) + "\\s") : null;
        }

        boolean ordering() {
            return this == LE || this == GE || this == LT || this == GT;
        }
    }

    /** The outcome of one condition against one answer. */
    public record Verdict(boolean ok, String observed) {}

    // Compiled once: a config of a thousand endpoints parses a few thousand conditions at start-up.
    private static final java.util.regex.Pattern STATUS = java.util.regex.Pattern.compile("\\d{3}");
    private static final java.util.regex.Pattern DIGITS = java.util.regex.Pattern.compile("\\d+");
    private static final java.util.regex.Pattern LENGTH = java.util.regex.Pattern.compile("len\\(body([.\\[].*)?\\)");
    private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final List<Op> SEARCH_ORDER = List.of(Op.NOT_CONTAINS, Op.CONTAINS, Op.MATCHES, Op.EQ, Op.NE, Op.LE, Op.GE, Op.LT, Op.GT);

    public static Condition parse(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("is empty; write a condition like \"status == 200\"");
        String t = text.strip();
        for (Op op : SEARCH_ORDER) {
            int at = op.word != null ? indexOfWord(t, op.word) : t.indexOf(op.symbol);
            if (at <= 0) continue;
            String subject = t.substring(0, at).strip();
            String expected = unquote(t.substring(at + op.symbol.length()).strip());
            Condition c = new Condition(t, subject, op, expected);
            c.validate();
            return c;
        }
        throw new IllegalArgumentException("has no operator; use ==, !=, <, <=, >, >=, contains, not contains or matches"
                + " (e.g. \"status == 200\", \"body.status == healthy\")");
    }

    private static int indexOfWord(String t, java.util.regex.Pattern word) {
        java.util.regex.Matcher m = word.matcher(t);
        return m.find() ? m.start() + 1 : -1;
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }

    private void validate() {
        if (expected.isEmpty()) throw new IllegalArgumentException("has nothing after \"" + op.symbol + "\"");
        switch (kind()) {
            case STATUS -> {
                if (!STATUS.matcher(expected).matches()) throw new IllegalArgumentException("compares status with \"" + expected + "\"; use a 3-digit HTTP status like 200");
                requireNumericOp();
            }
            case TIME, CERT -> {
                if (Durations.parse(expected).isEmpty() && !DIGITS.matcher(expected).matches()) {
                    throw new IllegalArgumentException("compares " + subject + " with \"" + expected + "\"; use a duration like 800ms or 14d");
                }
                requireNumericOp();
            }
            case LENGTH -> {
                if (!DIGITS.matcher(expected).matches()) throw new IllegalArgumentException("compares " + subject + " with \"" + expected + "\"; use a whole number");
                requireNumericOp();
            }
            case BODY, JSON, HEADER -> {
                if (op == Op.MATCHES) {
                    try {
                        Pattern.compile(expected);
                    } catch (PatternSyntaxException e) {
                        throw new IllegalArgumentException("has a bad regular expression: " + e.getDescription());
                    }
                }
                if (op.ordering() && !isNumber(expected)) {
                    throw new IllegalArgumentException("uses " + op.symbol + " with \"" + expected + "\", which is not a number");
                }
            }
            case UNKNOWN -> throw new IllegalArgumentException("\"" + subject + "\" is not something Patrol can check; use status, "
                    + "responseTime, body, body.<field>, header.<Name>, cert.expiresIn or len(body.<field>)");
        }
    }

    private void requireNumericOp() {
        if (!(op.ordering() || op == Op.EQ || op == Op.NE)) {
            throw new IllegalArgumentException("uses \"" + op.symbol + "\" with " + subject + "; use ==, !=, <, <=, > or >=");
        }
    }

    private enum Kind { STATUS, TIME, CERT, BODY, JSON, HEADER, LENGTH, UNKNOWN }

    private Kind kind() {
        if (subject.equals("status")) return Kind.STATUS;
        if (subject.equals("responseTime")) return Kind.TIME;
        if (subject.equals("cert.expiresIn")) return Kind.CERT;
        if (subject.equals("body")) return Kind.BODY;
        if (subject.startsWith("body.") || subject.startsWith("body[")) return Kind.JSON;
        if (subject.startsWith("header.") && subject.length() > 7) return Kind.HEADER;
        if (LENGTH.matcher(subject).matches()) return Kind.LENGTH;
        return Kind.UNKNOWN;
    }

    /** A redirect still there after the client gave up following them is a loop, or a chain too long to be meant. */
    private static String redirectNote(HttpAnswer a) {
        if (a.status() < 300 || a.status() >= 400 || a.redirects() == 0) return "";
        String to = a.header("Location").map(l -> l.replaceFirst("[?#].*$", "")).orElse("?");
        return " after " + a.redirects() + " redirects, still redirecting (to " + to + "): a redirect loop? Check the URL and the server's redirects";
    }

    public Verdict evaluate(HttpAnswer a, Instant now) {
        return switch (kind()) {
            case STATUS -> numeric(a.status(), Long.parseLong(expected), "status was " + a.status() + redirectNote(a));
            case TIME -> numeric(a.responseTime().toMillis(), millis(expected), "responseTime was " + a.responseTime().toMillis() + "ms");
            case CERT -> a.certNotAfter().map(na -> {
                Duration left = Duration.between(now, na);
                return numeric(left.toMillis(), millis(expected), "certificate expires in " + Durations.format(left)
                        + (left.isNegative() ? " (already expired)" : "") + " (" + na + ")");
            }).orElse(new Verdict(false, "no TLS certificate (the endpoint is not https)"));
            case BODY -> text(a.body(), "body was " + quote(a.body()));
            case HEADER -> {
                String name = subject.substring("header.".length());
                Optional<String> v = a.header(name);
                yield v.map(s -> text(s, subject + " was " + quote(s))).orElse(new Verdict(op == Op.NE || op == Op.NOT_CONTAINS, subject + " is missing"));
            }
            case JSON -> {
                Optional<JsonNode> root = a.json();
                if (root.isEmpty() && a.bodyCut()) {
                    yield new Verdict(false, "body is larger than the " + (EndpointProbe.BODY_CAP >> 20) + " MB Patrol reads, so "
                            + subject + " cannot be checked; point the check at an endpoint with a smaller answer");
                }
                if (root.isEmpty()) yield new Verdict(false, "body is not JSON (" + quote(a.body()) + ")");
                JsonNode n = JsonPath.find(root.get(), subject.substring(4));
                if (n == null || n.isMissingNode()) yield new Verdict(op == Op.NE || op == Op.NOT_CONTAINS, subject + " is missing");
                String value = n.isValueNode() ? n.asString() : n.toString();
                if (op.ordering() || ((op == Op.EQ || op == Op.NE) && isNumber(expected) && n.isNumber())) {
                    if (!n.isNumber() && !isNumber(value)) yield new Verdict(false, subject + " was " + quote(value) + ", not a number");
                    yield decimal(Double.parseDouble(value), Double.parseDouble(expected), subject + " was " + value);
                }
                yield text(value, subject + " was " + quote(value));
            }
            case LENGTH -> {
                String inner = subject.substring(4, subject.length() - 1);
                long len;
                if (inner.equals("body")) {
                    len = a.body().length();
                } else {
                    Optional<JsonNode> root = a.json();
                    JsonNode n = root.map(r -> JsonPath.find(r, inner.substring(4))).orElse(null);
                    if (n == null || n.isMissingNode()) yield new Verdict(false, inner + " is missing");
                    len = n.isString() ? n.asString().length() : n.size();
                }
                yield numeric(len, Long.parseLong(expected), subject + " was " + len);
            }
            case UNKNOWN -> new Verdict(false, "cannot check " + subject);
        };
    }

    private Verdict numeric(long actual, long want, String observed) {
        return decimal(actual, want, observed);
    }

    private Verdict decimal(double actual, double want, String observed) {
        boolean ok = switch (op) {
            case EQ -> actual == want;
            case NE -> actual != want;
            case LT -> actual < want;
            case LE -> actual <= want;
            case GT -> actual > want;
            case GE -> actual >= want;
            default -> false;
        };
        return new Verdict(ok, observed);
    }

    private Verdict text(String actual, String observed) {
        boolean ok = switch (op) {
            case EQ -> actual.equals(expected);
            case NE -> !actual.equals(expected);
            case CONTAINS -> actual.contains(expected);
            case NOT_CONTAINS -> !actual.contains(expected);
            case MATCHES -> Pattern.compile(expected).matcher(actual).find();
            default -> isNumber(actual) && decimal(Double.parseDouble(actual), Double.parseDouble(expected), observed).ok();
        };
        return new Verdict(ok, observed);
    }

    private static long millis(String s) {
        return DIGITS.matcher(s).matches() ? Long.parseLong(s) : Durations.parse(s).orElseThrow().toMillis();
    }

    private static boolean isNumber(String s) {
        return s != null && NUMBER.matcher(s).matches();
    }

    private static String quote(String s) {
        String one = s.replaceAll("\\s+", " ").strip();
        return "\"" + (one.length() > 80 ? one.substring(0, 77) + "..." : one) + "\"";
    }

    @Override
    public String toString() {
        return text;
    }
}
