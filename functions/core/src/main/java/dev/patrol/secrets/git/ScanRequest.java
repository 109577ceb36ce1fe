package dev.patrol.secrets.git;

import dev.patrol.secrets.Suppressions;
import java.util.Set;

/**
 * What to sweep: the repository's name (it salts fingerprints), the cursor of
 * the previous sweep (null for a full one), the paths whose current version to
 * scan again even when unchanged (where open findings were in the tree, so the
 * ledger can tell whether they still are), and what not to report.
 */
public record ScanRequest(String repo, ScanCursor since, Set<String> recheckPaths, Suppressions suppressions) {
    public ScanRequest {
        recheckPaths = recheckPaths == null ? Set.of() : Set.copyOf(recheckPaths);
        suppressions = suppressions == null ? Suppressions.none() : suppressions;
    }

    public static ScanRequest full(String repo) {
        return new ScanRequest(repo, null, Set.of(), Suppressions.none());
    }
}
