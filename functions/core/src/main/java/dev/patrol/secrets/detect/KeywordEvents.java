package dev.patrol.secrets.detect;

import dev.patrol.secrets.codec.EncodedText;
import java.util.Arrays;
import java.util.List;

/**
 * Every keyword occurrence in one blob, in the order the keyword pass reports
 * them: what the detector needs from that pass, kept so that it can be handed
 * on to the blobs stored as deltas of this one.
 *
 * <p>A delta copies stretches of its base. Where the automaton is deep enough
 * into a copied stretch that the {@code maxLength} bytes before are all copied
 * too, its state, and so what it reports, is the base's at the same place: the
 * base's occurrences there are taken, shifted. Only inserted bytes and the
 * first {@code maxLength} bytes of each copy are scanned. Most of a history's
 * bytes are copies (881 MB of blobs in a 41 MB pack), so most are never read by
 * the keyword pass at all.
 *
 * <p>It carries the blob's base64 and hex candidates too ({@link EncodedText#runs}),
 * made from the base's the same way ({@link EncodedText#derive}); null when there
 * were too many to keep, and then the detector searches for them.
 */
public final class KeywordEvents {

    private final int[] pairs; // keyword, end, keyword, end, …
    private final int count;
    private final List<EncodedText.Segment> runs;

    private KeywordEvents(int[] pairs, int count, List<EncodedText.Segment> runs) {
        this.pairs = pairs;
        this.count = count;
        this.runs = runs;
    }

    /** The base64 and hex candidates, or null when not known. */
    List<EncodedText.Segment> runs() {
        return runs;
    }

    /** Occurrences kept at most for a blob of {@code length} bytes: past that (binary data, say) it is scanned as a whole instead. */
    static int limit(int length) {
        return 256 + length / 8;
    }

    /** The occurrences in {@code data[0, length)} by a full pass; null when there are more than {@link #limit}. */
    static KeywordEvents scan(KeywordIndex index, byte[] data, int length, int maxRuns) {
        Builder b = new Builder(limit(length));
        index.scan(data, 0, length, b);
        return b.full ? null : b.result(EncodedText.runs(data, length, maxRuns));
    }

    /**
     * The occurrences in {@code target[0, length)}, a delta's result, from its
     * base's occurrences: {@code copies} holds {@code copyCount} triples (start in
     * the target, start in the base, length), ascending and not overlapping, for
     * the stretches copied from the base; everything between them was inserted.
     * Null when there are more than {@link #limit}.
     */
    static KeywordEvents derive(KeywordIndex index, byte[] target, int length, KeywordEvents base, int[] copies, int copyCount, int maxRuns) {
        int m = index.maxLength();
        Builder b = new Builder(limit(length));
        int pos = 0;
        for (int c = 0; c < copyCount; c++) {
            int tStart = copies[3 * c];
            int bStart = copies[3 * c + 1];
            int len = copies[3 * c + 2];
            int ownFrom = tStart + m; // first byte whose state the copy decides
            int ownTo = tStart + len;
            if (ownFrom >= ownTo) continue; // too short: scanned with what follows
            if (pos < ownFrom) {
                index.scanFrom(target, pos, ownFrom, b);
                if (b.full) return null;
            }
            // The base's occurrences ending on bytes [ownFrom, ownTo) of the target.
            int shift = tStart - bStart;
            for (int e = base.firstEndingAtLeast(ownFrom + 1 - shift); e < base.count; e++) {
                int end = base.pairs[2 * e + 1] + shift;
                if (end > ownTo) break;
                if (!b.found(base.pairs[2 * e], end)) return null;
            }
            pos = ownTo;
        }
        if (pos < length) index.scanFrom(target, pos, length, b);
        if (b.full) return null;
        return b.result(base.runs == null ? null : EncodedText.derive(target, length, base.runs, copies, copyCount, maxRuns));
    }

    /** Index of the first occurrence whose end is at least {@code end}. */
    private int firstEndingAtLeast(int end) {
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (pairs[2 * mid + 1] < end) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** Hands every occurrence to {@code sink}, in order, as {@link KeywordIndex#scan} would, until it says to stop. */
    void replay(KeywordIndex.Sink sink) {
        for (int e = 0; e < count; e++) if (!sink.found(pairs[2 * e], pairs[2 * e + 1])) return;
    }

    /** The occurrences as (keyword, end) pairs: for tests comparing passes. */
    public int[] pairs() {
        return Arrays.copyOf(pairs, 2 * count);
    }

    private static final class Builder implements KeywordIndex.Sink {
        private final int max;
        private int[] pairs = new int[32];
        private int count;
        private boolean full;

        Builder(int max) {
            this.max = max;
        }

        @Override
        public boolean found(int keyword, int end) {
            if (count == max) {
                full = true;
                return false;
            }
            if (2 * count == pairs.length) pairs = Arrays.copyOf(pairs, pairs.length * 2);
            pairs[2 * count] = keyword;
            pairs[2 * count + 1] = end;
            count++;
            return true;
        }

        KeywordEvents result(List<EncodedText.Segment> runs) {
            return new KeywordEvents(pairs, count, runs);
        }
    }
}
