package dev.patrol.secrets.git;

import dev.patrol.secrets.Finding;
import dev.patrol.secrets.Redaction;
import java.util.List;
import java.util.Set;

/**
 * The outcome of one sweep of one repository.
 *
 * @param full             true when the whole history was read (first sweep, changed rules, or rewritten history);
 *                         only then can a finding that was not seen again be called resolved
 * @param reason           why the sweep was full or incremental, in words for logs
 * @param rewrittenRefs    refs whose previously scanned tip is no longer in history (force-push, deletion)
 * @param currentTree      Patrol fingerprints of secrets known to be in the default branch's tree
 * @param checkedPaths     paths whose current version was scanned in this sweep (for an incremental sweep,
 *                         the changed files plus the paths the caller asked to recheck)
 * @param redaction        masks this sweep's secrets (and any the rules find) in paths, messages and matches
 * @param unread           what the sweep could not read and why (files over the size limit, submodules, a shallow history)
 */
public record ScanResult(
        String repo,
        List<Finding> findings,
        ScanCursor cursor,
        ScanStats stats,
        boolean full,
        String reason,
        List<String> rewrittenRefs,
        Set<String> currentTree,
        Set<String> checkedPaths,
        Redaction redaction,
        List<Unread> unread) {

    public ScanResult {
        findings = List.copyOf(findings);
        if (redaction == null) redaction = Redaction.of(findings, null);
        unread = unread == null ? List.of() : List.copyOf(unread);
        rewrittenRefs = List.copyOf(rewrittenRefs);
        currentTree = Set.copyOf(currentTree);
        checkedPaths = Set.copyOf(checkedPaths);
    }

    /** A result whose redaction knows only its own findings' secrets, and that read everything. */
    public ScanResult(String repo, List<Finding> findings, ScanCursor cursor, ScanStats stats, boolean full, String reason,
                      List<String> rewrittenRefs, Set<String> currentTree, Set<String> checkedPaths) {
        this(repo, findings, cursor, stats, full, reason, rewrittenRefs, currentTree, checkedPaths, null, List.of());
    }

    /** The same sweep with its findings replaced (verified ones, say); redaction still knows every secret. */
    public ScanResult withFindings(List<Finding> replaced) {
        return new ScanResult(repo, replaced, cursor, stats, full, reason, rewrittenRefs, currentTree, checkedPaths, redaction, unread);
    }
}
