package dev.patrol.secrets.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.MutableObjectId;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;

/**
 * The files a commit introduces: every regular or executable file of its tree
 * whose version differs from the version at the same path in each parent (a
 * file equal to one parent's was introduced there, not here). Symlinks and
 * submodules are not files.
 *
 * <p>What JGit's {@code TreeWalk} with {@code ANY_DIFF} gives, made for a sweep,
 * which diffs every commit of history: trees are read as raw bytes and kept in a
 * small cache, since each is needed as a commit's tree and again as its child's
 * parent tree; a subtree equal to a parent's is skipped whole; no per-entry
 * objects. On the benchmark repository this is about half of the walk's time.
 */
final class TreeDiff {

    /** Receives one introduced file: its path, its blob, and the blobs at that path in the parents that have a file there. */
    interface Sink {
        void file(String path, AnyObjectId blob, ObjectId[] parentBlobs, int parentCount);
    }

    private static final int TREE = FileMode.TYPE_TREE;
    private static final int FILE = FileMode.TYPE_FILE;
    private static final byte[] EMPTY = new byte[0];
    /** Enough for the trees of the last few thousand commits walked; what it holds survives collections, so no more. */
    private static final long CACHE_BYTES = 8L << 20;

    private final ObjectReader reader;
    private final Map<ObjectId, byte[]> cache = new LinkedHashMap<>(1024, 0.75f, true);
    private long cached;
    private final MutableObjectId scratch = new MutableObjectId();

    TreeDiff(ObjectReader reader) {
        this.reader = reader;
    }

    /** Calls {@code sink} for each file {@code tree} introduces over {@code parents} (none for a root commit). */
    void diff(ObjectId tree, ObjectId[] parents, Sink sink) throws IOException {
        byte[][] p = new byte[parents.length][];
        for (int i = 0; i < parents.length; i++) {
            if (parents[i].equals(tree)) return; // nothing changed relative to this parent
            p[i] = load(parents[i]);
        }
        walk(new byte[0], load(tree), p, sink);
    }

    private void walk(byte[] prefix, byte[] tree, byte[][] parents, Sink sink) throws IOException {
        int n = parents.length;
        int[] at = new int[n]; // each parent's read position; entries come in git's order in all trees
        ObjectId[] parentBlobs = new ObjectId[n];
        for (int pos = 0; pos < tree.length; ) {
            int mode = 0;
            int i = pos;
            while (tree[i] != ' ') mode = (mode << 3) + (tree[i++] - '0');
            int nameStart = i + 1;
            int nameEnd = nameStart;
            while (tree[nameEnd] != 0) nameEnd++;
            int idAt = nameEnd + 1;
            pos = idAt + Constants.OBJECT_ID_LENGTH;
            int type = mode & FileMode.TYPE_MASK;
            if (type != TREE && type != FILE) continue; // symlink or submodule: not followed

            boolean equalToAParent = false;
            byte[][] subParents = type == TREE ? new byte[n][] : null;
            int parentCount = 0;
            for (int k = 0; k < n; k++) {
                byte[] pt = parents[k];
                if (pt == null) continue;
                // Advance this parent to the first entry not before ours.
                int match = -1;
                int pMode = 0;
                while (at[k] < pt.length) {
                    int q = at[k];
                    int m = 0;
                    while (pt[q] != ' ') m = (m << 3) + (pt[q++] - '0');
                    int pNameStart = q + 1;
                    int pNameEnd = pNameStart;
                    while (pt[pNameEnd] != 0) pNameEnd++;
                    int c = compare(pt, pNameStart, pNameEnd, m, tree, nameStart, nameEnd, mode);
                    if (c > 0) break;
                    at[k] = pNameEnd + 1 + Constants.OBJECT_ID_LENGTH;
                    if (c == 0) {
                        match = pNameEnd + 1;
                        pMode = m;
                        break;
                    }
                }
                if (match < 0) continue;
                boolean sameId = java.util.Arrays.equals(pt, match, match + Constants.OBJECT_ID_LENGTH,
                        tree, idAt, idAt + Constants.OBJECT_ID_LENGTH);
                int pType = pMode & FileMode.TYPE_MASK;
                if (type == TREE && pType == TREE) {
                    if (sameId) {
                        equalToAParent = true;
                    } else {
                        subParents[k] = load(ObjectId.fromRaw(pt, match));
                    }
                } else if (type == FILE && pType == FILE) {
                    if (sameId) equalToAParent = true;
                    parentBlobs[parentCount++] = ObjectId.fromRaw(pt, match);
                }
            }
            if (equalToAParent) continue;
            if (type == TREE) {
                byte[] sub = new byte[prefix.length + (nameEnd - nameStart) + 1];
                System.arraycopy(prefix, 0, sub, 0, prefix.length);
                System.arraycopy(tree, nameStart, sub, prefix.length, nameEnd - nameStart);
                sub[sub.length - 1] = '/';
                scratch.fromRaw(tree, idAt);
                walk(sub, load(scratch), subParents, sink);
            } else {
                byte[] path = new byte[prefix.length + (nameEnd - nameStart)];
                System.arraycopy(prefix, 0, path, 0, prefix.length);
                System.arraycopy(tree, nameStart, path, prefix.length, nameEnd - nameStart);
                scratch.fromRaw(tree, idAt);
                sink.file(new String(path, StandardCharsets.UTF_8), scratch, parentBlobs, parentCount);
            }
        }
    }

    /** git's order of tree entries: by name, a tree's name read as if it ended in '/'. */
    private static int compare(byte[] a, int aStart, int aEnd, int aMode, byte[] b, int bStart, int bEnd, int bMode) {
        int c = java.util.Arrays.compareUnsigned(a, aStart, Math.min(aEnd, aStart + (bEnd - bStart)),
                b, bStart, Math.min(bEnd, bStart + (aEnd - aStart)));
        if (c != 0) return c;
        int ca = aEnd - aStart > bEnd - bStart ? a[aStart + (bEnd - bStart)] & 0xff : (aMode & FileMode.TYPE_MASK) == TREE ? '/' : 0;
        int cb = bEnd - bStart > aEnd - aStart ? b[bStart + (aEnd - aStart)] & 0xff : (bMode & FileMode.TYPE_MASK) == TREE ? '/' : 0;
        return ca - cb;
    }

    private byte[] load(AnyObjectId id) throws IOException {
        if (id.equals(ObjectId.zeroId())) return EMPTY;
        byte[] t = cache.get(id);
        if (t != null) return t;
        t = reader.open(id, Constants.OBJ_TREE).getCachedBytes(Integer.MAX_VALUE);
        ObjectId key = id.copy();
        cache.put(key, t);
        cached += t.length;
        if (cached > CACHE_BYTES) {
            var it = cache.values().iterator();
            while (cached > CACHE_BYTES / 2 && it.hasNext()) {
                cached -= it.next().length;
                it.remove();
            }
        }
        return t;
    }
}
