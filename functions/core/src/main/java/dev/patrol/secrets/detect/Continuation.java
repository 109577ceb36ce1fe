package dev.patrol.secrets.detect;

import java.util.ArrayList;
import java.util.List;

/**
 * A value the file format carries on several lines, joined back into one line:
 * a YAML double-quoted scalar or a shell line ending in {@code \}, Python's
 * implicit concatenation of adjacent string literals, Java/JS {@code "a" + "b"},
 * and so a PEM body written as one literal per line. A token split that way is
 * one token to whoever reads the file, so rules should see it whole.
 *
 * <p>Joining is bounded ({@link #MAX_LINES} lines, {@link #MAX_CHARS} characters):
 * hostile text cannot make one join cost more than a short file would.
 *
 * @param text the joined line
 * @param pieces where each run of its characters came from
 */
record Continuation(String text, List<Piece> pieces) {

    /** Lines joined at most: a 4096-bit RSA key in PEM is 51 lines of body. */
    static final int MAX_LINES = 64;
    /** Characters joined at most (a 4096-bit RSA PEM is about 3.3 KB). */
    static final int MAX_CHARS = 8_192;

    /** Characters {@code [column, column + length)} (0-based) of 0-based {@code line}, placed at {@code offset} of the joined text. */
    record Piece(int line, int column, int length, int offset) {}

    /** The lines the joined text spans. */
    int lines() {
        return pieces.size();
    }

    /** The 0-based original line of a 0-based index into the joined text. */
    int lineOf(int index) {
        return pieceOf(index).line();
    }

    /** The 0-based original column of a 0-based index into the joined text. */
    int columnOf(int index) {
        Piece p = pieceOf(index);
        return p.column() + Math.min(index - p.offset(), Math.max(0, p.length() - 1));
    }

    private Piece pieceOf(int index) {
        Piece found = pieces.getFirst();
        for (Piece p : pieces) {
            if (p.offset() > index) break;
            found = p;
        }
        return found;
    }

    /** Reads lines of a fragment: the text of a line, and whether there is one after it. */
    interface Lines {
        String line(int line);

        boolean hasLineAfter(int line);
    }

    /** Whether a value may go on from this line to the next: what {@link #from} asks first. */
    static boolean mayStart(String first) {
        int end = trimEnd(first);
        return end > 0 && continues(first.charAt(end - 1));
    }

    /**
     * The value starting on {@code line} joined with the lines that continue it,
     * or null when that line is not continued. Cheap for most lines: only one
     * ending in {@code \}, {@code +} or a quote reads the next line.
     */
    static Continuation from(Lines lines, int line) {
        String first = lines.line(line);
        if (!mayStart(first) || !lines.hasLineAfter(line)) return null;
        List<Piece> pieces = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int start = 0;
        String cur = first;
        int l = line;
        while (true) {
            Join j = join(cur, start, lines.hasLineAfter(l) ? lines.line(l + 1) : null);
            int keepTo = j == null ? trimEnd(cur) : j.keepTo();
            if (keepTo < start) keepTo = start;
            if (text.length() + keepTo - start > MAX_CHARS) return pieces.size() < 2 ? null : new Continuation(text.toString(), pieces);
            pieces.add(new Piece(l, start, keepTo - start, text.length()));
            text.append(cur, start, keepTo);
            if (j == null || pieces.size() >= MAX_LINES) break;
            l++;
            cur = lines.line(l);
            start = j.nextFrom();
        }
        return pieces.size() < 2 ? null : new Continuation(text.toString(), pieces);
    }

    /** How a line joins the next: keep {@code [start, keepTo)} of this one, then the next from {@code nextFrom}. */
    private record Join(int keepTo, int nextFrom) {}

    /** How {@code cur} continues on {@code next}, or null when it does not. */
    private static Join join(String cur, int start, String next) {
        if (next == null) return null;
        int end = trimEnd(cur);
        if (end <= start) return null;
        boolean backslash = cur.charAt(end - 1) == '\\' && (end - 1 == start || cur.charAt(end - 2) != '\\');
        if (backslash) end = trimEnd(cur, end - 1);
        boolean plus = !backslash && end > start && cur.charAt(end - 1) == '+';
        if (plus) end = trimEnd(cur, end - 1);
        int n = trimStart(next, 0);
        if (!backslash && n < next.length() && next.charAt(n) == '+') n = trimStart(next, n + 1);
        char q = end > start ? cur.charAt(end - 1) : 0;
        // Adjacent literals: "abc" "def", "abc" + "def", "abc" \ "def" — the quotes between them go.
        if (isQuote(q) && n < next.length() && next.charAt(n) == q && end - 1 > start) return new Join(end - 1, n + 1);
        // A YAML escaped line break drops the next line's indentation; a shell one
        // keeps it, but a split token goes on at the start of the line.
        if (backslash) return new Join(end, n);
        return null;
    }

    private static boolean continues(char c) {
        return c == '\\' || c == '+' || isQuote(c);
    }

    private static boolean isQuote(char c) {
        return c == '"' || c == '\'' || c == '`';
    }

    private static int trimEnd(String s) {
        return trimEnd(s, s.length());
    }

    private static int trimEnd(String s, int end) {
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t' || s.charAt(end - 1) == '\r')) end--;
        return end;
    }

    private static int trimStart(String s, int from) {
        while (from < s.length() && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) from++;
        return from;
    }
}
