package dev.patrol.secrets.git;

import dev.patrol.secrets.Finding;
import dev.patrol.secrets.FoundSecrets;
import dev.patrol.secrets.Suppressions;
import dev.patrol.secrets.detect.Detector;
import dev.patrol.secrets.detect.Hit;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Finds again, in the file versions where they were introduced, the secrets of findings
 * that an incremental sweep did not meet (it reads only new commits), so that they can be
 * verified again: state keeps a finding's places, never its secret. Each place is one blob
 * read; a place that is gone (history rewritten, a path masked because it held the secret)
 * recalls nothing.
 */
public final class Recall {

    /** A file version to read again: the commit that introduced a secret and the path it was at. */
    public record Place(String commit, String path) {}

    private Recall() {}

    /**
     * Every secret the rules find in those file versions (the ones asked for and any found beside them,
     * such as the key id of an AWS secret key), fingerprinted for {@code repoName} as the sweep does.
     */
    public static List<Finding> at(Repository repo, Detector detector, String repoName, Collection<Place> places, long maxBytes)
            throws IOException {
        FoundSecrets found = new FoundSecrets(repoName, detector.ruleSet(), Suppressions.none());
        Set<Place> distinct = new LinkedHashSet<>(places);
        try (ObjectReader reader = repo.newObjectReader(); RevWalk walk = new RevWalk(reader)) {
            for (Place p : distinct) {
                if (p.commit() == null || !ObjectId.isId(p.commit()) || p.path() == null || p.path().isEmpty()) continue;
                RevCommit c;
                try {
                    c = walk.parseCommit(ObjectId.fromString(p.commit()));
                } catch (MissingObjectException | org.eclipse.jgit.errors.IncorrectObjectTypeException gone) {
                    continue;
                }
                try (TreeWalk tw = TreeWalk.forPath(reader, p.path(), c.getTree())) {
                    if (tw == null) continue;
                    ObjectLoader blob = reader.open(tw.getObjectId(0), Constants.OBJ_BLOB);
                    if (blob.getSize() > maxBytes) continue;
                    byte[] data = blob.getCachedBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes));
                    var who = new FoundSecrets.Author(c.name(), c.getAuthorIdent().getName(), c.getAuthorIdent().getEmailAddress(),
                            c.getAuthorIdent().getWhenAsInstant(), c.getShortMessage());
                    for (Hit h : detector.examine(data, data.length, r -> r.appliesTo(p.path())).hits()) {
                        detector.ruleSet().rule(h.ruleId()).ifPresent(rule -> found.add(rule, h, p.path(), who));
                    }
                }
            }
        }
        return new ArrayList<>(found.findings(fp -> false));
    }
}
