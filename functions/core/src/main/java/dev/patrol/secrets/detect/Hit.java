package dev.patrol.secrets.detect;

import java.util.List;

/**
 * One secret found in one fragment (a blob or a file): where it is (1-based
 * line and columns; for a secret found inside encoded text, the place of the
 * encoded text) and what it is. {@code line} is the text of the line, cut to a
 * window around the match, kept only for allowlists that match on the line.
 *
 * <p>{@link #toString()} leaves the secret out, so a hit can be logged.
 */
public record Hit(
        String ruleId,
        String secret,
        String match,
        int startLine,
        int endLine,
        int startColumn,
        int endColumn,
        String line,
        double entropy,
        List<String> decodedFrom) {

    public Hit {
        decodedFrom = List.copyOf(decodedFrom);
    }

    /** Identifies the secret within a fragment, for telling which secrets a change introduced. */
    public String key() {
        return ruleId + '\u0000' + secret;
    }

    @Override
    public String toString() {
        return "Hit[" + ruleId + " at " + startLine + ":" + startColumn + (decodedFrom.isEmpty() ? "" : " decoded " + decodedFrom) + "]";
    }
}
