package dev.patrol.secrets.detect;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The bytes of one blob or file, with line numbers and decoded text made only
 * when a rule needs them: most fragments never get past the keyword pass, and
 * they should cost no more than that pass.
 */
final class Fragment {
    private final byte[] data;
    private final int from;
    private final int to;
    private int[] lineStarts;
    private final Map<Integer, String> lines = new HashMap<>();
    private String text;
    private int[] charLineStarts;

    Fragment(byte[] data, int from, int to) {
        this.data = data;
        this.from = from;
        this.to = to;
    }

    /** 0-based line of a byte offset. */
    int lineOfByte(int pos) {
        int[] starts = lineStarts();
        int i = Arrays.binarySearch(starts, pos);
        return i >= 0 ? i : -i - 2;
    }

    /** Offset just past the last byte of a line's text (before its newline). */
    int lineEndByte(int line) {
        int[] starts = lineStarts();
        int end = line + 1 < starts.length ? starts[line + 1] - 1 : to;
        if (end > starts[line] && data[end - 1] == '\r') end--;
        return end;
    }

    /** 1-based character column of a byte offset on its line. */
    int columnOfByte(int line, int pos) {
        int start = lineStarts()[line];
        return new String(data, start, Math.max(0, pos - start), StandardCharsets.UTF_8).length() + 1;
    }

    String line(int line) {
        return lines.computeIfAbsent(line, l -> {
            int start = lineStarts()[l];
            return new String(data, start, lineEndByte(l) - start, StandardCharsets.UTF_8);
        });
    }

    String text() {
        if (text == null) text = new String(data, from, to - from, StandardCharsets.UTF_8);
        return text;
    }

    int lineOfChar(int pos) {
        int[] starts = charLineStarts();
        int i = Arrays.binarySearch(starts, pos);
        return i >= 0 ? i : -i - 2;
    }

    int lineStartChar(int line) {
        return charLineStarts()[line];
    }

    private int[] lineStarts() {
        if (lineStarts == null) lineStarts = starts(data, from, to);
        return lineStarts;
    }

    private int[] charLineStarts() {
        if (charLineStarts == null) {
            String t = text();
            int n = 1;
            for (int i = 0; i < t.length(); i++) if (t.charAt(i) == '\n') n++;
            int[] s = new int[n];
            int k = 1;
            for (int i = 0; i < t.length(); i++) if (t.charAt(i) == '\n') s[k++] = i + 1;
            charLineStarts = s;
        }
        return charLineStarts;
    }

    private static int[] starts(byte[] data, int from, int to) {
        int n = 1;
        for (int i = from; i < to; i++) if (data[i] == '\n') n++;
        int[] s = new int[n];
        s[0] = from;
        int k = 1;
        for (int i = from; i < to; i++) if (data[i] == '\n') s[k++] = i + 1;
        return s;
    }
}
