package dev.patrol.secrets;

import dev.patrol.secrets.fingerprint.Fingerprints;
import java.time.Instant;
import java.util.List;

/**
 * One place a secret was introduced: the commit that added it (not every later
 * commit that still contains it), the file, the lines and columns, and who made
 * the commit. {@code match} holds the matched text and so the secret:
 * {@link #toString()} leaves it out, and state never stores it.
 */
public record Occurrence(
        String commit,
        String path,
        int startLine,
        int endLine,
        int startColumn,
        int endColumn,
        String match,
        String author,
        String email,
        Instant date,
        String message,
        List<String> decodedFrom) {

    public Occurrence {
        decodedFrom = List.copyOf(decodedFrom);
    }

    /** gitleaks' fingerprint of this place: {@code commit:path:rule:line}. */
    public String gitleaksFingerprint(String ruleId) {
        return Fingerprints.gitleaks(commit, path, ruleId, startLine);
    }

    @Override
    public String toString() {
        return "Occurrence[" + (commit.isEmpty() ? "" : commit.substring(0, Math.min(12, commit.length())) + " ") + path + ":" + startLine + "]";
    }
}
