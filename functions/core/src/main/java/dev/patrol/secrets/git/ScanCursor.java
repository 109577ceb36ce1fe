package dev.patrol.secrets.git;

import java.time.Instant;
import java.util.Map;

/**
 * What a sweep of one repository has covered: the commit each ref pointed at,
 * and the digest of the rules it used. The next sweep reads only commits not
 * reachable from these tips; with other rules, or when a tip has vanished from
 * history (a force-push, a deleted branch), it reads everything again.
 *
 * <p>A plain record so the pipeline can keep it in state as JSON.
 */
public record ScanCursor(Map<String, String> tips, String rules, Instant scannedAt) {
    public ScanCursor {
        tips = Map.copyOf(tips);
    }

    /**
     * A cursor for {@code secrets scan --since REV}: everything reachable from
     * {@code commitId} counts as scanned. {@code commitId} must be a full id
     * (resolve REV with the repository first).
     */
    public static ScanCursor since(String commitId, String rulesDigest) {
        return new ScanCursor(Map.of("--since", commitId), rulesDigest, Instant.EPOCH);
    }
}
