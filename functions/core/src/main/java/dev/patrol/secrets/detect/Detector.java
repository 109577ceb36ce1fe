package dev.patrol.secrets.detect;

import com.google.re2j.Matcher;
import dev.patrol.secrets.codec.EncodedText;
import dev.patrol.secrets.rules.Rule;
import dev.patrol.secrets.rules.RuleSet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Finds secrets in one fragment of text. Thread-safe: it holds only the rules and
 * the keyword automaton; every call works on its own state.
 *
 * <ol>
 *   <li>One keyword pass over the bytes (Aho–Corasick) picks the rules worth
 *       running; a fragment with no keyword and no encoded text is done.</li>
 *   <li>Single-line rules run only on the lines holding one of their keywords;
 *       multi-line rules and rules without keywords run on the whole text.</li>
 *   <li>Each match passes the rule's entropy, the placeholder check, the
 *       {@code gitleaks:allow}/{@code patrol:allow} comment check, and for
 *       generic rules the plausibility check.</li>
 *   <li>Encoded runs (base64, hex, percent) are decoded and scanned again, to
 *       {@code maxDecodeDepth} levels.</li>
 *   <li>Where two hits overlap, the rule listed first wins (generic rules come
 *       last).</li>
 * </ol>
 */
public final class Detector {

    /** Levels of encoding undone by default: a token base64-encoded in a base64-encoded config is found. */
    public static final int DEFAULT_DECODE_DEPTH = 3;
    /** Segments decoded per fragment at most: bounds the work hostile text can cause. */
    private static final int MAX_SEGMENTS = 10_000;
    /** Characters of line text kept around a match for allowlists that match lines. */
    private static final int LINE_WINDOW = 1_000;
    /** git's test for a binary file: a NUL byte within its first 8,000 bytes. */
    private static final int BINARY_PROBE = 8_000;
    /** Lines longer than this (minified code) rarely repeat and are not kept in the line cache. */
    private static final int CACHED_LINE = 1_000;
    /** Lines the line cache keeps at most (~20 MB of typical source lines). */
    private static final int CACHED_LINES = 100_000;

    private final RuleSet ruleSet;
    private final List<Rule> rules;
    private final KeywordIndex keywords;
    private final int[][] rulesByKeyword;
    private final BitSet alwaysRun = new BitSet();
    private final boolean[] multiline;
    private final boolean[] generic;
    private final int maxDecodeDepth;
    private final int percentKeyword;
    private final int nulKeyword;

    public Detector(RuleSet ruleSet, int maxDecodeDepth) {
        this.ruleSet = ruleSet;
        this.rules = ruleSet.rules();
        this.maxDecodeDepth = maxDecodeDepth;
        Map<String, List<Integer>> byKeyword = new LinkedHashMap<>();
        multiline = new boolean[rules.size()];
        generic = new boolean[rules.size()];
        for (int r = 0; r < rules.size(); r++) {
            Rule rule = rules.get(r);
            multiline[r] = rule.multiline();
            generic[r] = rule.generic();
            if (rule.regex() == null) continue;
            if (rule.keywords().isEmpty()) alwaysRun.set(r);
            for (String k : rule.keywords()) byKeyword.computeIfAbsent(k, x -> new ArrayList<>()).add(r);
        }
        // Two more keywords that belong to no rule: "%" is where percent-encoding may start, and
        // a NUL byte early on says the fragment is binary (so no pass of its own looks for one).
        List<String> words = new ArrayList<>(byKeyword.keySet());
        percentKeyword = words.size();
        words.add("%");
        nulKeyword = words.size();
        words.add("\0");
        keywords = new KeywordIndex(words);
        rulesByKeyword = byKeyword.values().stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
    }

    public Detector(RuleSet ruleSet) {
        this(ruleSet, DEFAULT_DECODE_DEPTH);
    }

    public RuleSet ruleSet() {
        return ruleSet;
    }

    /** Hits in text, with every rule applying (a file outside git, a test). */
    public List<Hit> detect(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return detect(b, b.length, r -> true);
    }

    /**
     * Hits in {@code content[0, length)}. {@code applies} says which rules apply
     * to the fragment (a rule's {@code path}); rules without a regex are not run here.
     */
    public List<Hit> detect(byte[] content, int length, Predicate<Rule> applies) {
        return examine(content, length, applies, false, null).hits();
    }

    /** A file's verdict: binary (and so not scanned), or its hits. */
    public record Examined(boolean binary, List<Hit> hits) {}

    /**
     * Like {@link #detect(byte[], int, Predicate)} for a file that may be binary:
     * one with a NUL byte in its first 8,000 bytes (git's test) is not scanned.
     */
    public Examined examine(byte[] content, int length, Predicate<Rule> applies) {
        return examine(content, length, applies, true, null);
    }

    /**
     * Like {@link #examine(byte[], int, Predicate)}, with the keyword pass's
     * occurrences already known ({@link #keywordEvents}); the result is the same.
     */
    public Examined examine(byte[] content, int length, Predicate<Rule> applies, KeywordEvents events) {
        return examine(content, length, applies, true, events);
    }

    /** The keyword pass's occurrences in {@code content[0, length)}; null when there are too many to keep. */
    public KeywordEvents keywordEvents(byte[] content, int length) {
        return KeywordEvents.scan(keywords, content, length, MAX_SEGMENTS);
    }

    /**
     * The keyword pass's occurrences in a delta's result, from its base's (see
     * {@link KeywordEvents#derive}); null when there are too many to keep.
     */
    public KeywordEvents keywordEvents(byte[] target, int length, KeywordEvents base, int[] copies, int copyCount) {
        return KeywordEvents.derive(keywords, target, length, base, copies, copyCount, MAX_SEGMENTS);
    }

    private Examined examine(byte[] content, int length, Predicate<Rule> applies, boolean binaryTest, KeywordEvents events) {
        List<Found> found = new ArrayList<>();
        if (!scan(content, 0, length, applies, 0, binaryTest, true, found, events)) return new Examined(true, List.of());
        return new Examined(false, resolveOverlaps(found).stream().map(Found::hit).toList());
    }

    /** A hit and the index of the rule that made it (lower wins on overlap). */
    private record Found(int rule, Hit hit) {}

    /** Scans {@code data[from, to)}; returns false, having run no rule, when asked to test for binary and it is. */
    private boolean scan(byte[] data, int from, int to, Predicate<Rule> applies, int depth, boolean binaryTest, boolean join, List<Found> out) {
        return scan(data, from, to, applies, depth, binaryTest, join, out, null);
    }

    /** {@code events}, when known, are the keyword pass's occurrences in {@code data[from, to)}, and no pass is made. */
    private boolean scan(byte[] data, int from, int to, Predicate<Rule> applies, int depth, boolean binaryTest, boolean join, List<Found> out,
                         KeywordEvents events) {
        Fragment f = new Fragment(data, from, to);
        int mark = out.size();
        // Lines by where they start: a line's number costs a count of every newline before it,
        // and only the rare line with a hit needs one (Fragment#lineOfByte, then).
        LineStarts keywordLines = new LineStarts();
        boolean[] binary = {false};
        BitSet wholeText = (BitSet) alwaysRun.clone();
        Map<Integer, LineStarts> linesByRule = new HashMap<>();
        int[][] percents = {new int[16]};
        int[] percentCount = {0};
        KeywordIndex.Sink onKeyword = (k, end) -> {
            if (k == nulKeyword) {
                binary[0] = binaryTest && end - 1 - from < BINARY_PROBE;
                return !binary[0];
            }
            if (k == percentKeyword) {
                if (percentCount[0] == percents[0].length) {
                    if (percentCount[0] >= MAX_SEGMENTS * 4) return true;
                    percents[0] = java.util.Arrays.copyOf(percents[0], percentCount[0] * 2);
                }
                percents[0][percentCount[0]++] = end - 1;
                return true;
            }
            for (int r : rulesByKeyword[k]) {
                if (generic[r] && !assignmentFollows(data, end, to)) continue;
                int lineStart = f.lineStartOfByte(end - 1);
                if (join) keywordLines.add(lineStart);
                if (multiline[r]) {
                    wholeText.set(r);
                } else {
                    linesByRule.computeIfAbsent(r, x -> new LineStarts()).add(lineStart);
                }
            }
            return true;
        };
        if (events != null) events.replay(onKeyword);
        else keywords.scan(data, from, to, onKeyword);
        if (binary[0]) return false;
        for (int r = wholeText.nextSetBit(0); r >= 0; r = wholeText.nextSetBit(r + 1)) {
            if (applies.test(rules.get(r))) matchWhole(r, f, out);
        }
        for (var e : linesByRule.entrySet()) {
            int r = e.getKey();
            if (!applies.test(rules.get(r))) continue;
            LineStarts lines = e.getValue();
            for (int i = 0; i < lines.count; i++) matchLine(r, f, lines.starts[i], out);
        }
        if (join && keywordLines.count > 0) joinAndScan(f, keywordLines, applies, depth, out, mark);
        if (depth < maxDecodeDepth) {
            List<EncodedText.Segment> runs = events != null ? events.runs() : null;
            decodeAndScan(EncodedText.find(data, from, to, MAX_SEGMENTS, percents[0], percentCount[0], runs), data, applies, depth, f, out);
        }
        return true;
    }

    /**
     * Generic rules read {@code name = value}: a keyword is worth a regex only when
     * the rest of its name ends in an assignment ({@code =}, {@code :}, {@code =>},
     * {@code ||}). Most occurrences of "token" or "secret" in code are not, and
     * this byte check spares the regex engine the bulk of a sweep's work.
     */
    static boolean assignmentFollows(byte[] d, int i, int to) {
        int n = 0;
        while (i < to && n < 20 && isNameByte(d[i])) {
            i++;
            n++;
        }
        if (i < to && d[i] == '\\') i++;
        if (i < to && (d[i] == '"' || d[i] == '\'' || d[i] == ']')) i++;
        n = 0;
        while (i < to && n < 3 && (d[i] == ' ' || d[i] == '\t')) {
            i++;
            n++;
        }
        return i < to && (d[i] == ':' || d[i] == '=' || d[i] == '|');
    }

    private static boolean isNameByte(byte b) {
        return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_' || b == '.' || b == '-';
    }

    private void decodeAndScan(List<EncodedText.Segment> segments, byte[] data, Predicate<Rule> applies, int depth, Fragment f, List<Found> out) {
        for (EncodedText.Segment s : segments) {
            byte[] decoded = s.encoding().decodeText(data, s.start(), s.end());
            if (decoded == null) continue;
            List<Found> inner = new ArrayList<>();
            scan(decoded, 0, decoded.length, applies, depth + 1, false, true, inner);
            if (inner.isEmpty()) continue;
            // Overlaps are settled where the decoded text still has its own lines and columns.
            inner = resolveOverlaps(inner);
            int line = f.lineOfByte(s.start());
            String lineText = f.line(line);
            int col = f.columnOfByte(line, s.start());
            int endCol = f.columnOfByte(line, Math.min(s.end(), f.lineEndByte(line)));
            for (Found x : inner) {
                List<String> via = new ArrayList<>();
                via.add(s.encoding().id());
                via.addAll(x.hit().decodedFrom());
                Hit h = x.hit();
                out.add(new Found(x.rule(), new Hit(h.ruleId(), h.secret(), h.match(), line + 1, line + 1, col, endCol,
                        window(lineText, col - 1, endCol), h.entropy(), via)));
            }
        }
    }

    /**
     * Scans again, joined, the values that start on a keyword's line and go on
     * over the next lines (see {@link Continuation}). Only a secret that the join
     * made whole counts: one that fits on a line was found, or rejected, there.
     * It is placed on the line it starts on.
     */
    private void joinAndScan(Fragment f, LineStarts keywordLines, Predicate<Rule> applies, int depth, List<Found> out, int mark) {
        int joinedTo = -1;
        for (int i = 0; i < keywordLines.count; i++) {
            int start = keywordLines.starts[i];
            if (!Continuation.mayStart(f.lineAt(start))) continue; // most lines: no line number needed
            int l = f.lineOfByte(start);
            if (l <= joinedTo) continue;
            Continuation c = Continuation.from(f, l);
            if (c == null) continue;
            joinedTo = l + c.lines() - 1;
            byte[] joined = c.text().getBytes(StandardCharsets.UTF_8);
            List<Found> inner = new ArrayList<>();
            scan(joined, 0, joined.length, applies, depth, false, false, inner);
            for (Found x : inner) {
                Hit h = x.hit();
                int from = h.startColumn() - 1;
                int to = Math.max(from, h.endColumn() - 1);
                int line = c.lineOf(from);
                int endLine = c.lineOf(to);
                if (endLine == line) continue;
                // Ahead of this fragment's direct hits: where both are one rule at one place, the joined one is whole.
                out.add(mark, new Found(x.rule(), new Hit(h.ruleId(), h.secret(), h.match(), line + 1, endLine + 1, c.columnOf(from) + 1,
                        c.columnOf(to) + 1, h.line(), h.entropy(), h.decodedFrom())));
            }
        }
    }

    /**
     * Runs a single-line rule on one line. What a rule finds on a line depends on
     * the line's text alone, and history repeats lines: a file's every version
     * holds most of the lines of the one before. So the hits of a (rule, line
     * text) are kept, and a line seen again costs a lookup instead of a regex.
     */
    private void matchLine(int r, Fragment f, int lineStart, List<Found> out) {
        String text = f.lineAt(lineStart);
        List<Hit> onLine = text.length() > CACHED_LINE ? lineHits(r, text) : lineCache.get(new LineKey(r, text));
        if (onLine == null) {
            if (lineCache.size() >= CACHED_LINES) lineCache.clear(); // bounded: start again rather than grow
            onLine = lineHits(r, text);
            lineCache.put(new LineKey(r, text), onLine);
        }
        if (onLine.isEmpty()) return;
        int line = f.lineOfByte(lineStart);
        for (Hit h : onLine) {
            out.add(new Found(r, new Hit(h.ruleId(), h.secret(), h.match(), line + 1, line + 1, h.startColumn(), h.endColumn(),
                    h.line(), h.entropy(), List.of())));
        }
    }

    /** The start offsets of lines, ascending, each once: keyword hits arrive in order of offset. */
    private static final class LineStarts {
        int[] starts = new int[4];
        int count;

        void add(int start) {
            if (count > 0 && starts[count - 1] == start) return;
            if (count == starts.length) starts = java.util.Arrays.copyOf(starts, count * 2);
            starts[count++] = start;
        }
    }

    /** A rule and a line's text: the key of what the rule finds on such a line. */
    private record LineKey(int rule, String text) {}

    private final java.util.concurrent.ConcurrentHashMap<LineKey, List<Hit>> lineCache = new java.util.concurrent.ConcurrentHashMap<>();

    /** The hits of rule {@code r} on a line's text, as if it were line 0. */
    private List<Hit> lineHits(int r, String text) {
        Rule rule = rules.get(r);
        List<Hit> hits = List.of();
        Matcher m = rule.regex().matcher(text);
        while (m.find()) {
            String secret = rule.secretOf(m);
            if (secret == null || secret.isEmpty()) continue;
            int start = rule.secretStart(m);
            Hit h = accept(rule, m, secret, 0, 0, start + 1, start + secret.length(), text);
            if (h != null) {
                if (hits.isEmpty()) hits = new ArrayList<>(1);
                hits.add(h);
            }
            if (m.end() == m.start() && m.end() >= text.length()) break;
        }
        return hits;
    }

    private void matchWhole(int r, Fragment f, List<Found> out) {
        Rule rule = rules.get(r);
        String text = f.text();
        Matcher m = rule.regex().matcher(text);
        while (m.find()) {
            String secret = rule.secretOf(m);
            if (secret == null || secret.isEmpty()) continue;
            int start = rule.secretStart(m);
            int line = f.lineOfChar(start);
            int endLine = f.lineOfChar(start + secret.length() - 1);
            int col = start - f.lineStartChar(line) + 1;
            int endCol = start + secret.length() - f.lineStartChar(endLine);
            Hit h = accept(rule, m, secret, line, endLine, col, endCol, f.line(line));
            if (h != null) out.add(new Found(r, h));
        }
    }

    /** The hit, or null when the match fails the rule's entropy, is a placeholder, implausible, or allowed by a comment. */
    private static Hit accept(Rule rule, Matcher m, String secret, int line, int endLine, int col, int endCol, String lineText) {
        double entropy = Entropy.shannon(secret);
        if (rule.entropy() > 0 && entropy < rule.entropy()) return null;
        if (Placeholders.isPlaceholder(secret)) return null;
        if (rule.generic() && !Placeholders.plausibleGeneric(nameAt(lineText, col - 1 - (rule.secretStart(m) - m.start())), secret)) return null;
        if (lineText.contains("gitleaks:allow") || lineText.contains("patrol:allow")) return null;
        return new Hit(rule.id(), secret, m.group(), line + 1, endLine + 1, col, endCol, window(lineText, col - 1, endCol), entropy, List.of());
    }

    /** The identifier a generic match starts in ({@code db_password} for {@code db_password = "…"}). */
    private static String nameAt(String line, int matchStart) {
        int from = Math.max(0, Math.min(matchStart, line.length()));
        int a = from;
        while (a > 0 && isNameChar(line.charAt(a - 1))) a--;
        int b = from;
        while (b < line.length() && isNameChar(line.charAt(b))) b++;
        return line.substring(a, b);
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-';
    }

    private static String window(String line, int from, int to) {
        if (line.length() <= LINE_WINDOW) return line;
        int a = Math.max(0, Math.min(from, line.length()) - LINE_WINDOW / 2);
        int b = Math.min(line.length(), Math.max(to, a) + LINE_WINDOW / 2);
        return line.substring(a, b);
    }

    /** Keeps one hit per place: where hits overlap on a line, the rule listed first wins. */
    private static List<Found> resolveOverlaps(List<Found> found) {
        if (found.size() < 2) return found;
        List<Found> sorted = new ArrayList<>(found);
        // Of one rule's hits at one place, the one spanning more lines is a value joined across them, and whole.
        sorted.sort(Comparator.comparingInt((Found x) -> x.rule()).thenComparingInt(x -> x.hit().startLine() - x.hit().endLine()));
        List<Found> kept = new ArrayList<>();
        for (Found f : sorted) {
            boolean overlaps = kept.stream().anyMatch(k -> overlap(k.hit(), f.hit()));
            if (!overlaps) kept.add(f);
        }
        kept.sort(Comparator.comparingInt((Found x) -> x.hit().startLine()).thenComparingInt(x -> x.hit().startColumn()));
        return kept;
    }

    /**
     * Two hits are one place when they share a line and their columns meet. Hits
     * decoded from the same encoded run share its columns, so among those only an
     * equal secret counts; a decoded hit inside a direct one adds nothing.
     */
    private static boolean overlap(Hit a, Hit b) {
        if (a.startLine() != b.startLine()) return false;
        if (a.secret().equals(b.secret())) return true;
        boolean columnsMeet = a.startColumn() <= b.endColumn() && b.startColumn() <= a.endColumn();
        if (!a.decodedFrom().isEmpty() && !b.decodedFrom().isEmpty()) return false;
        return columnsMeet;
    }
}
