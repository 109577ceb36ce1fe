package dev.patrol.secrets.git;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectIdOwnerMap;

/**
 * Every (commit, path, blob) where a commit introduced a file version, with the
 * versions of that path in the commit's parents; and the table of distinct blobs.
 *
 * <p>Kept in int arrays because a large history has millions of changes: this is
 * the only part of a sweep whose size grows with history, at 16 bytes a change.
 */
final class Introductions {

    /** A distinct blob; {@code introduced} is false for a parent version read only for comparison. */
    static final class Blob extends ObjectIdOwnerMap.Entry {
        final int index;
        final int path;
        boolean introduced;

        Blob(AnyObjectId id, int index, int path) {
            super(id);
            this.index = index;
            this.path = path;
        }
    }

    private final ObjectIdOwnerMap<Blob> blobIds = new ObjectIdOwnerMap<>();
    final List<Blob> blobs = new ArrayList<>();
    final List<ObjectId> commits = new ArrayList<>();
    private final Map<String, Integer> pathIndex = new HashMap<>();
    final List<String> paths = new ArrayList<>();

    private int size;
    private int[] commit = new int[1024];
    private int[] path = new int[1024];
    private int[] blob = new int[1024];
    private int[] parentStart = new int[1025];
    private int[] parentBlobs = new int[1024];
    private int parentCount;

    int addCommit(ObjectId id) {
        commits.add(id);
        return commits.size() - 1;
    }

    int path(String p) {
        return pathIndex.computeIfAbsent(p, x -> {
            paths.add(x);
            return paths.size() - 1;
        });
    }

    Blob blob(AnyObjectId id, int pathIdx, boolean introduced) {
        Blob b = blobIds.get(id);
        if (b == null) {
            b = new Blob(id, blobs.size(), pathIdx);
            blobIds.add(b);
            blobs.add(b);
        }
        b.introduced |= introduced;
        return b;
    }

    Blob find(AnyObjectId id) {
        return blobIds.get(id);
    }

    /** Records one change; {@code parents} are blob indexes of the path in the parents (may be empty). */
    void add(int commitIdx, int pathIdx, int blobIdx, int[] parents, int parentsLen) {
        if (size == commit.length) {
            int n = size * 2;
            commit = Arrays.copyOf(commit, n);
            path = Arrays.copyOf(path, n);
            blob = Arrays.copyOf(blob, n);
            parentStart = Arrays.copyOf(parentStart, n + 1);
        }
        if (parentCount + parentsLen > parentBlobs.length) {
            parentBlobs = Arrays.copyOf(parentBlobs, Math.max(parentBlobs.length * 2, parentCount + parentsLen));
        }
        commit[size] = commitIdx;
        path[size] = pathIdx;
        blob[size] = blobIdx;
        parentStart[size] = parentCount;
        System.arraycopy(parents, 0, parentBlobs, parentCount, parentsLen);
        parentCount += parentsLen;
        size++;
        parentStart[size] = parentCount;
    }

    int size() {
        return size;
    }

    int commitOf(int i) {
        return commit[i];
    }

    int pathOf(int i) {
        return path[i];
    }

    int blobOf(int i) {
        return blob[i];
    }

    int[] parentsOf(int i) {
        return Arrays.copyOfRange(parentBlobs, parentStart[i], parentStart[i + 1]);
    }
}
