package dev.patrol.secrets.git;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevTag;
import org.eclipse.jgit.revwalk.RevWalk;

/** The commits every ref points at, and which previously scanned tips history no longer holds. */
final class RefTips {
    private RefTips() {}

    /** ref name → commit id, tags peeled; refs to trees or blobs and symbolic refs (HEAD) left out. */
    static Map<String, String> current(Repository repo, RevWalk walk) throws IOException {
        Map<String, String> tips = new TreeMap<>();
        for (Ref ref : repo.getRefDatabase().getRefs()) {
            if (ref.isSymbolic() || ref.getObjectId() == null) continue;
            RevObject o = walk.parseAny(ref.getObjectId());
            while (o instanceof RevTag tag) o = walk.parseAny(tag.getObject());
            if (o instanceof RevCommit c) tips.put(ref.getName(), c.name());
        }
        if (tips.isEmpty()) {
            ObjectId head = repo.resolve("HEAD^{commit}");
            if (head != null) tips.put("HEAD", head.name());
        }
        return tips;
    }

    /**
     * The refs whose old tip is gone from history: missing from the object
     * database, or no longer reachable from any current tip. A fast-forward is
     * the common case and costs a short walk.
     */
    static List<String> rewritten(Repository repo, Map<String, String> old, Map<String, String> now) throws IOException {
        List<String> out = new ArrayList<>();
        try (RevWalk walk = new RevWalk(repo)) {
            walk.setRetainBody(false);
            for (var e : old.entrySet()) {
                ObjectId oldId = ObjectId.fromString(e.getValue());
                if (now.containsValue(e.getValue())) continue;
                RevCommit oldTip;
                try {
                    oldTip = walk.parseCommit(oldId);
                } catch (MissingObjectException gone) {
                    out.add(e.getKey());
                    continue;
                }
                String newTip = now.get(e.getKey());
                if (newTip != null && walk.isMergedInto(oldTip, walk.parseCommit(ObjectId.fromString(newTip)))) continue;
                if (!reachable(walk, oldTip, now)) out.add(e.getKey());
            }
        }
        return out;
    }

    private static boolean reachable(RevWalk walk, RevCommit target, Map<String, String> tips) throws IOException {
        walk.reset();
        for (String t : tips.values()) walk.markStart(walk.parseCommit(ObjectId.fromString(t)));
        // Commit dates order the walk roughly; a day of slack covers skewed clocks.
        long floor = target.getCommitTime() - 86_400L;
        for (RevCommit c; (c = walk.next()) != null; ) {
            if (c.equals(target)) return true;
            if (c.getCommitTime() < floor) break;
        }
        return false;
    }
}
