package dev.patrol.secrets.detect;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Aho–Corasick automaton over bytes that finds every keyword of every rule in one
 * pass, ignoring ASCII case. Most of history contains no keyword at all, so this
 * pass decides what is never decoded, split into lines or handed to a regex.
 *
 * <p>The automaton is a full transition table (states × 256) with case folded
 * in, so the scan loop is one table read and one comparison per byte.
 */
public final class KeywordIndex {

    /** Receives each keyword occurrence: the keyword's index and the offset just past its last byte. */
    @FunctionalInterface
    public interface Sink {
        /** Returns false to end the pass here (the fragment turned out to be binary, say). */
        boolean found(int keyword, int end);
    }

    private static final byte[] FOLD = new byte[256];

    static {
        for (int i = 0; i < 256; i++) FOLD[i] = (byte) (i >= 'A' && i <= 'Z' ? i + 32 : i);
    }

    private final List<String> keywords;
    private final int[] delta;
    private final int[][] outputs;
    private final int firstOutput;
    private final int maxLength;

    public KeywordIndex(List<String> keywords) {
        this.keywords = List.copyOf(keywords);
        this.maxLength = keywords.stream().mapToInt(k -> k.getBytes(StandardCharsets.UTF_8).length).max().orElse(1);
        List<int[]> go = new ArrayList<>();
        List<List<Integer>> out = new ArrayList<>();
        go.add(newRow());
        out.add(new ArrayList<>());
        for (int k = 0; k < keywords.size(); k++) {
            int state = 0;
            for (byte b : keywords.get(k).getBytes(StandardCharsets.UTF_8)) {
                int c = FOLD[b & 0xff] & 0xff;
                if (go.get(state)[c] < 0) {
                    go.get(state)[c] = go.size();
                    go.add(newRow());
                    out.add(new ArrayList<>());
                }
                state = go.get(state)[c];
            }
            out.get(state).add(k);
        }
        int n = go.size();
        int[] fail = new int[n];
        int[] table = new int[n * 256];
        List<Integer> bfs = new ArrayList<>();
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        bfs.add(0);
        for (int c = 0; c < 256; c++) {
            int s = go.get(0)[c];
            table[c] = Math.max(s, 0);
            if (s > 0) queue.add(s);
        }
        // Breadth-first: a state's failure target is complete before its children need it.
        while (!queue.isEmpty()) {
            int s = queue.poll();
            bfs.add(s);
            out.get(s).addAll(out.get(fail[s]));
            for (int c = 0; c < 256; c++) {
                int t = go.get(s)[c];
                if (t > 0) {
                    fail[t] = table[fail[s] * 256 + c];
                    queue.add(t);
                    table[s * 256 + c] = t;
                } else {
                    table[s * 256 + c] = table[fail[s] * 256 + c];
                }
            }
        }
        // Renumber so that every state with output comes last: the scan loop then
        // tests "state >= firstOutput" instead of loading an output table per byte.
        int[] number = new int[n];
        int next = 0;
        for (int s : bfs) if (out.get(s).isEmpty()) number[s] = next++;
        firstOutput = next;
        for (int s : bfs) if (!out.get(s).isEmpty()) number[s] = next++;
        delta = new int[n * 256];
        outputs = new int[n][];
        for (int s = 0; s < n; s++) {
            for (int c = 0; c < 256; c++) {
                // Upper-case input takes the lower-case transition: case folding costs nothing per byte.
                int from = c >= 'A' && c <= 'Z' ? c + 32 : c;
                delta[number[s] * 256 + c] = number[table[s * 256 + from]];
            }
            outputs[number[s]] = out.get(s).isEmpty() ? null : out.get(s).stream().mapToInt(Integer::intValue).distinct().toArray();
        }
    }

    private static int[] newRow() {
        int[] row = new int[256];
        Arrays.fill(row, -1);
        return row;
    }

    public List<String> keywords() {
        return keywords;
    }

    /** The longest keyword's length in bytes: an occurrence never reaches further back from its end. */
    int maxLength() {
        return maxLength;
    }

    /**
     * Reports the occurrences that end in {@code data[from, to)}, having started the
     * automaton at {@code max(0, from - maxLength)}: its state at a byte depends only on
     * the {@code maxLength} bytes before, so what is reported is exactly what a scan
     * from the start would report there, in the same order.
     */
    void scanFrom(byte[] data, int from, int to, Sink sink) {
        final int[] d = delta;
        final int out = firstOutput;
        int state = 0;
        for (int i = Math.max(0, from - maxLength); i < from; i++) state = d[(state << 8) | (data[i] & 0xff)];
        for (int i = from; i < to; i++) {
            state = d[(state << 8) | (data[i] & 0xff)];
            if (state >= out) for (int k : outputs[state]) if (!sink.found(k, i + 1)) return;
        }
    }

    /**
     * Reports every keyword occurrence in {@code data[from, to)}, in order of end
     * offset, until the sink says to stop.
     *
     * <p>Each step of an automaton waits for the table read of the step before.
     * Two automata over the two halves of a fragment, stepped in one loop, give
     * the processor two independent chains to overlap; the second starts early
     * enough to see a keyword that straddles the middle, and its hits are held
     * back so that the sink still sees them in order.
     */
    public void scan(byte[] data, int from, int to, Sink sink) {
        final int[] d = delta;
        final int out = firstOutput;
        if (to - from < 4 * 1024) {
            int state = 0;
            for (int i = from; i < to; i++) {
                state = d[(state << 8) | (data[i] & 0xff)];
                if (state >= out) for (int k : outputs[state]) if (!sink.found(k, i + 1)) return;
            }
            return;
        }
        int mid = from + (to - from) / 2;
        int j = Math.max(from, mid - maxLength + 1);
        int[] held = new int[32];
        int heldCount = 0;
        int s1 = 0;
        int s2 = 0;
        for (int i = from; i < mid; i++, j++) {
            s1 = d[(s1 << 8) | (data[i] & 0xff)];
            s2 = d[(s2 << 8) | (data[j] & 0xff)];
            if (s1 >= out) for (int k : outputs[s1]) if (!sink.found(k, i + 1)) return;
            if (s2 >= out && j + 1 > mid) {
                if (heldCount + 2 > held.length) held = java.util.Arrays.copyOf(held, held.length * 2);
                held[heldCount++] = s2;
                held[heldCount++] = j + 1;
            }
        }
        for (int h = 0; h < heldCount; h += 2) for (int k : outputs[held[h]]) if (!sink.found(k, held[h + 1])) return;
        for (; j < to; j++) {
            s2 = d[(s2 << 8) | (data[j] & 0xff)];
            if (s2 >= out) for (int k : outputs[s2]) if (!sink.found(k, j + 1)) return;
        }
    }
}
