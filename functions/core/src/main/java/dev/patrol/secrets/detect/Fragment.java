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
final class Fragment implements Continuation.Lines {
    private final byte[] data;
    private final int from;
    private final int to;
    private final Map<Integer, Integer> lineStarts = new HashMap<>();
    private final Map<Integer, String> lines = new HashMap<>();
    // Where line counting has got to: keyword hits arrive in order, so counting
    // moves forward and never reads past the last hit.
    private int countedTo;
    private int countedLines;
    private int countedLineStart;
    private String text;
    private int[] charLineStarts;
    private final Map<Integer, String> linesByStart = new HashMap<>();
    private int lastPos;
    private int lastStart;

    Fragment(byte[] data, int from, int to) {
        this.data = data;
        this.from = from;
        this.to = to;
        this.countedTo = from;
        this.countedLineStart = from;
        this.lastPos = from;
        this.lastStart = from;
        lineStarts.put(0, from);
    }

    /** 0-based line of a byte offset. */
    int lineOfByte(int pos) {
        if (pos < countedTo) {
            countedTo = from;
            countedLines = 0;
            countedLineStart = from;
        }
        for (int i = countedTo; i < pos; i++) {
            if (data[i] == '\n') {
                countedLines++;
                countedLineStart = i + 1;
            }
        }
        countedTo = pos;
        lineStarts.putIfAbsent(countedLines, countedLineStart);
        return countedLines;
    }

    /**
     * Where the line holding byte {@code pos} starts, read back to the newline before it:
     * the cost of the line, not of the fragment before it. Calls come in ascending order
     * (keyword hits), so reading back stops at the previous call's line too.
     */
    int lineStartOfByte(int pos) {
        int stop = pos >= lastPos ? lastPos : from;
        int i = pos;
        while (i > stop && data[i - 1] != '\n') i--;
        if (i == stop && pos >= lastPos) i = lastStart; // no newline since the previous call's byte: its line
        lastPos = pos;
        lastStart = i;
        return i;
    }

    /** The text of the line starting at byte {@code start}. */
    String lineAt(int start) {
        return linesByStart.computeIfAbsent(start, s -> {
            int end = s;
            while (end < to && data[end] != '\n') end++;
            if (end > s && data[end - 1] == '\r') end--;
            return new String(data, s, end - s, StandardCharsets.UTF_8);
        });
    }

    private int lineStartByte(int line) {
        Integer start = lineStarts.get(line);
        if (start == null) throw new IllegalStateException("line " + line + " not reached yet");
        return start;
    }

    /** Offset just past the last byte of a line's text (before its newline). */
    int lineEndByte(int line) {
        int start = lineStartByte(line);
        int end = start;
        while (end < to && data[end] != '\n') end++;
        if (end > start && data[end - 1] == '\r') end--;
        return end;
    }

    /** 1-based character column of a byte offset on its line. */
    int columnOfByte(int line, int pos) {
        int start = lineStartByte(line);
        return new String(data, start, Math.max(0, pos - start), StandardCharsets.UTF_8).length() + 1;
    }

    /** Whether a line follows this one; if so, its start is known from here on. */
    @Override
    public boolean hasLineAfter(int line) {
        if (lineStarts.containsKey(line + 1)) return true;
        int start = lineStartByte(line);
        int end = start;
        while (end < to && data[end] != '\n') end++;
        if (end >= to) return false;
        lineStarts.put(line + 1, end + 1);
        return true;
    }

    @Override
    public String line(int line) {
        return lines.computeIfAbsent(line, l -> {
            if (!lineStarts.containsKey(l)) lineOfByte(charLineStartByte(l));
            int start = lineStartByte(l);
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

    /** Byte offset where a line starts, found by counting newlines (for lines reached through the text, not a keyword). */
    private int charLineStartByte(int line) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if (n == line) return i;
            if (data[i] == '\n') n++;
        }
        return to;
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

}
