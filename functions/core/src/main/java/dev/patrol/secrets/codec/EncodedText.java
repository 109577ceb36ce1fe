package dev.patrol.secrets.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the runs of text that may be encoded: base64 (standard or URL-safe, at
 * least 24 characters, the shortest that can hold a token), hex (at least 32
 * digits) and percent-encoding (two or more {@code %XX}). At most {@code limit}
 * segments are returned per fragment, which bounds the work a file of hostile
 * text can cause.
 */
public final class EncodedText {

    /** One candidate run: {@code data[start, end)} in the fragment. */
    public record Segment(int start, int end, Encoding encoding) {}

    static final int MIN_BASE64 = 24;
    static final int MIN_HEX = 32;
    private static final boolean[] B64 = new boolean[256];
    /** Character classes as bits, so the run loop is one table read per byte. */
    private static final int IN_RUN = 1, HEX = 2, DIGIT = 4, LETTER = 8;
    private static final int[] CLASS = new int[256];

    static {
        for (char c = 'A'; c <= 'Z'; c++) B64[c] = true;
        for (char c = 'a'; c <= 'z'; c++) B64[c] = true;
        for (char c = '0'; c <= '9'; c++) B64[c] = true;
        B64['+'] = B64['/'] = B64['-'] = B64['_'] = true;
        for (int c = 0; c < 256; c++) {
            int k = B64[c] ? IN_RUN : 0;
            if (isHex((byte) c)) k |= HEX;
            if (c >= '0' && c <= '9') k |= DIGIT;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') k |= LETTER;
            CLASS[c] = k;
        }
    }

    private EncodedText() {}

    static boolean isHex(byte b) {
        return b >= '0' && b <= '9' || b >= 'a' && b <= 'f' || b >= 'A' && b <= 'F';
    }

    /**
     * The candidate runs in {@code data[from, to)}. {@code percents} holds the
     * offsets of the {@code %} bytes, in order (the detector's keyword pass
     * collects them, so finding percent-encoding costs no pass of its own).
     */
    public static List<Segment> find(byte[] data, int from, int to, int limit, int[] percents, int percentCount) {
        return find(data, from, to, limit, percents, percentCount, null);
    }

    /**
     * Like {@link #find(byte[], int, int, int, int[], int)}; {@code runs}, when
     * known ({@link #runs}, {@link #derive}), are the base64 and hex candidates of
     * {@code data[from, to)}, and are not searched for again.
     */
    public static List<Segment> find(byte[] data, int from, int to, int limit, int[] percents, int percentCount, List<Segment> runs) {
        List<Segment> out;
        if (runs == null) {
            out = new ArrayList<>();
            searchRuns(data, from, to, limit, out);
        } else {
            out = new ArrayList<>(runs.size() > limit ? runs.subList(0, limit) : runs);
        }
        int covered = from;
        for (int k = 0; k < percentCount && out.size() < limit; k++) {
            int p = percents[k];
            if (p >= covered && p + 2 < to && isHex(data[p + 1]) && isHex(data[p + 2])) covered = percentRun(data, p, to, out);
        }
        return out;
    }

    /** Every base64 and hex candidate of {@code data[0, length)}; null when there are {@code limit} or more. */
    public static List<Segment> runs(byte[] data, int length, int limit) {
        List<Segment> out = new ArrayList<>();
        searchRuns(data, 0, length, limit, out);
        return out.size() >= limit ? null : out;
    }

    /**
     * The base64 and hex candidates of a delta's result {@code target[0, length)},
     * from its base's ({@code base}, complete): {@code copies} holds
     * {@code copyCount} triples (start in the target, start in the base, length),
     * ascending. A candidate is decided by its run of alphabet bytes, the byte
     * before it and the three after (padding, a following {@code %}); a run that
     * has all of those inside one copy is decided as it was in the base, and is
     * taken from there, shifted. Only runs that touch an inserted byte or a
     * copy's first byte or last three are measured. Null when there are
     * {@code limit} or more.
     */
    public static List<Segment> derive(byte[] target, int length, List<Segment> base, int[] copies, int copyCount, int limit) {
        List<Segment> out = new ArrayList<>();
        int[] doneTo = {0};
        int pos = 0;
        for (int c = 0; c < copyCount; c++) {
            int tStart = copies[3 * c];
            int bStart = copies[3 * c + 1];
            int len = copies[3 * c + 2];
            int interiorFrom = tStart + 1;
            int interiorTo = tStart + len - 3;
            if (interiorFrom >= interiorTo) continue;
            measure(target, length, pos, interiorFrom, doneTo, out);
            int shift = tStart - bStart;
            for (int i = firstStartingAtLeast(base, bStart + 1); i < base.size(); i++) {
                Segment b = base.get(i);
                int start = b.start() + shift;
                int end = b.end() + shift;
                if (start >= interiorTo) break;
                if (end > tStart + len) continue; // (its run reaches past the copy: measured)
                int runEnd = end;
                while (runEnd > start && target[runEnd - 1] == '=') runEnd--;
                if (runEnd + 3 <= tStart + len) out.add(new Segment(start, end, b.encoding()));
            }
            pos = interiorTo;
        }
        measure(target, length, pos, length, doneTo, out);
        if (out.size() >= limit) return null;
        out.sort(java.util.Comparator.comparingInt(Segment::start));
        return out;
    }

    /** Measures every run that has a byte in {@code data[a, b)}, from the start of the run holding {@code a}; none twice. */
    private static void measure(byte[] data, int to, int a, int b, int[] doneTo, List<Segment> out) {
        int p = Math.max(a, doneTo[0]);
        if (p >= b) return;
        if (B64[data[p] & 0xff]) while (p > doneTo[0] && B64[data[p - 1] & 0xff]) p--;
        while (p < b) p = B64[data[p] & 0xff] ? run(data, p, to, out) : p + 1;
        doneTo[0] = p;
    }

    private static int firstStartingAtLeast(List<Segment> segments, int start) {
        int lo = 0;
        int hi = segments.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (segments.get(mid).start() < start) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** The base64 and hex part of {@link #find}: at most {@code limit} segments, in order. */
    private static void searchRuns(byte[] data, int from, int to, int limit, List<Segment> out) {
        // Looks for MIN_BASE64 run characters in a row the way Boyer–Moore looks for a
        // word: probe the last byte of the window starting at i; a byte outside the
        // alphabet there, or found on the way back, means no run can fit before it, and
        // the next window starts just past it. Ordinary text has a space or a dot every
        // few bytes, so most windows cost a handful of reads and no run is measured.
        int i = from;
        while (i + MIN_BASE64 <= to && out.size() < limit) {
            int j = i + MIN_BASE64 - 1;
            while (j >= i && B64[data[j] & 0xff]) j--;
            if (j >= i) {
                i = j + 1;
                continue;
            }
            // data[i] follows a byte outside the alphabet (or starts the fragment): the run starts there.
            i = run(data, i, to, out);
        }
    }

    /** Measures the run starting at {@code start}, records it when it can hold an encoded secret, and returns where it ends. */
    private static int run(byte[] data, int start, int to, List<Segment> out) {
        int i = start;
        int all = HEX;
        int any = 0;
        for (int k; i < to && ((k = CLASS[data[i] & 0xff]) & IN_RUN) != 0; i++) {
            all &= k;
            any |= k;
        }
        int end = i;
        int len = end - start;
        if (len < MIN_BASE64) return end; // too short to hold a token either way
        while (i < to && data[i] == '=' && i - end < 2) i++;
        if (i < to && data[i] == '%') return end; // part of a percent-encoded run; found by the percent pass
        boolean hasDigit = (any & DIGIT) != 0;
        boolean hasLetter = (any & LETTER) != 0;
        if (all != 0 && len >= MIN_HEX && len % 2 == 0 && hasDigit && hasLetter) {
            out.add(new Segment(start, end, Encoding.HEX));
        } else if (all == 0 && (hasDigit || i > end)) {
            out.add(new Segment(start, i, Encoding.BASE64));
        }
        return i;
    }

    /** Extends a percent-encoded run over the characters a URL or form value keeps unescaped. */
    private static int percentRun(byte[] data, int i, int to, List<Segment> out) {
        int start = i;
        while (start > 0 && urlChar(data[start - 1])) start--; // the value may begin before its first escape
        int escapes = 0;
        int j = i;
        while (j < to) {
            if (data[j] == '%' && j + 2 < to && isHex(data[j + 1]) && isHex(data[j + 2])) {
                escapes++;
                j += 3;
            } else if (urlChar(data[j])) {
                j++;
            } else {
                break;
            }
        }
        if (escapes >= 2) out.add(new Segment(start, j, Encoding.PERCENT));
        return Math.max(j, i + 1);
    }

    private static boolean urlChar(byte b) {
        return B64[b & 0xff] || b == '.' || b == '~' || b == '=' || b == '&' || b == '!' || b == '*';
    }
}
