package dev.patrol.text;

/**
 * Text from outside (file and object names, target names, commit messages, paths, server
 * answers) made safe to show a person: a terminal obeys control characters, so a backup
 * named {@code ESC[2K\r  ✓ all good} would erase the line and print a fake ✓, and a newline
 * would split one result into two. Every control character (C0, DEL, C1) and every
 * bidirectional override becomes a visible escape ({@code \e}, {@code \n}, {@code \u202e}),
 * as {@code ls} and git quote such names. Used for the console and for Slack, the two places
 * where text is read rather than parsed; JSON escapes them by itself.
 */
public final class ControlCharacters {
    private ControlCharacters() {}

    /** One line: newlines are escaped too. */
    public static String escape(String text) {
        return escape(text, false);
    }

    /** Several lines: newlines stay, everything else is escaped. */
    public static String escapeKeepingLines(String text) {
        return escape(text, true);
    }

    private static String escape(String text, boolean keepNewlines) {
        if (text == null) return null;
        int first = firstUnsafe(text, keepNewlines);
        if (first < 0) return text;
        StringBuilder sb = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!unsafe(c, keepNewlines)) {
                sb.append(c);
                continue;
            }
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\u001b' -> sb.append("\\e");
                default -> sb.append(c < 0x100 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
            }
        }
        return sb.toString();
    }

    private static int firstUnsafe(String text, boolean keepNewlines) {
        for (int i = 0; i < text.length(); i++) if (unsafe(text.charAt(i), keepNewlines)) return i;
        return -1;
    }

    private static boolean unsafe(char c, boolean keepNewlines) {
        if (c == '\n') return !keepNewlines;
        return c < 0x20 || (c >= 0x7f && c <= 0x9f)
                || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069') || c == '\u200e' || c == '\u200f';
    }
}
