package dev.patrol.secrets.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.secrets.HistoryBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TreeDiff} must say, for every commit, exactly what JGit's own recursive
 * {@code TreeWalk} with {@code ANY_DIFF} says: the same files, in the same order,
 * with the same parent versions. Histories here have what trips hand-written tree
 * diffs: names that sort around '/', a file turned into a folder and back, modes
 * changed without content, symlinks and submodules, merges that keep one side,
 * merges that make a new version, and non-ASCII names.
 */
class TreeDiffTest {

    @TempDir
    Path dir;

    @Test
    void aHandMadeHistoryOfTrickyTreesDiffsAsJGitDoes() throws Exception {
        try (HistoryBuilder git = new HistoryBuilder(dir.resolve("tricky.git"))) {
            git.commit("main", "init", Map.of("a", "1", "a-b", "2", "a.b", "3", "a0", "4", "b/c", "5", "ä/ö.txt", "6"));
            git.commit("main", "file a becomes a folder, next to the names that sort around it", mapOf("a", null, "a/x", "7", "a.b", "3b"));
            git.commit("main", "folder a goes, folder b becomes a file", mapOf("a/x", null, "b/c", null, "b", "8"));
            git.commit("main", "and back", mapOf("b", null, "b/c", "9", "a", "10"));
            git.commitEntry("main", "symlink", "link", FileMode.SYMLINK, git.blob("a/x".getBytes(StandardCharsets.UTF_8)));
            git.commitEntry("main", "submodule", "sub", FileMode.GITLINK, ObjectId.fromString("0123456789abcdef0123456789abcdef01234567"));
            git.commitEntry("main", "executable, same content", "a0", FileMode.EXECUTABLE_FILE, git.blob("4".getBytes(StandardCharsets.UTF_8)));
            git.commit("feature", "feature work", Map.of("f/one", "f1", "a.b", "feature"));
            git.commit("main", "main work", Map.of("m/one", "m1", "a-b", "main"));
            git.merge("main", "feature", "merge keeping the feature's a.b");
            git.commit("other", "other", Map.of("a-b", "other"));
            git.merge("main", "other", "merge with both sides changed");
            git.commit("main", "nothing but a message", Map.of());

            assertSameAsTreeWalk(git.repository());
        }
    }

    @Test
    void aRandomHistoryOfNestedFoldersAndMergesDiffsAsJGitDoes() throws Exception {
        Random random = new Random(42);
        // Folder names and file names apart (git has no file and folder at one path), chosen to sort around each other.
        String[] folders = {"a", "src", "é"};
        String[] files = {"a-b", "a.b", "a0", "src-x", "z", "éa"};
        try (HistoryBuilder git = new HistoryBuilder(dir.resolve("random.git"))) {
            git.commit("main", "init", Map.of("README", "r"));
            for (int c = 0; c < 150; c++) {
                String branch = List.of("main", "main", "b1", "b2").get(random.nextInt(4));
                Map<String, String> changes = new LinkedHashMap<>();
                for (int k = random.nextInt(4); k >= 0; k--) {
                    StringBuilder path = new StringBuilder();
                    for (int depth = random.nextInt(3); depth > 0; depth--) path.append(folders[random.nextInt(folders.length)]).append('/');
                    path.append(files[random.nextInt(files.length)]);
                    changes.put(path.toString(), random.nextInt(5) == 0 ? null : "v" + random.nextInt(3));
                }
                git.commit(branch, "c" + c, changes);
                if (random.nextInt(10) == 0 && !branch.equals("main")) git.merge("main", branch, "merge " + c);
            }
            assertSameAsTreeWalk(git.repository());
        }
    }

    private static Map<String, String> mapOf(Object... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], (String) kv[i + 1]);
        return m;
    }

    private static void assertSameAsTreeWalk(Repository repo) throws Exception {
        int commits = 0;
        try (ObjectReader reader = repo.newObjectReader(); RevWalk walk = new RevWalk(reader)) {
            for (var ref : repo.getRefDatabase().getRefs()) walk.markStart(walk.parseCommit(ref.getObjectId()));
            TreeDiff diff = new TreeDiff(reader);
            for (RevCommit c; (c = walk.next()) != null; commits++) {
                ObjectId[] parentTrees = new ObjectId[c.getParentCount()];
                for (int i = 0; i < parentTrees.length; i++) parentTrees[i] = walk.parseCommit(c.getParent(i)).getTree();
                List<String> ours = new ArrayList<>();
                diff.diff(c.getTree(), parentTrees, (path, blob, parents, n) -> {
                    List<String> p = new ArrayList<>();
                    for (int k = 0; k < n; k++) p.add(parents[k].name());
                    ours.add(path + " " + blob.name() + " " + p);
                });
                assertThat(ours).as("commit %s %s", c.name(), c.getShortMessage()).isEqualTo(treeWalk(reader, c, parentTrees));
            }
        }
        assertThat(commits).isGreaterThan(12);
    }

    /** The reference: JGit's recursive ANY_DIFF walk, files only, skipping a path equal to some parent's. */
    private static List<String> treeWalk(ObjectReader reader, RevCommit c, ObjectId[] parentTrees) throws Exception {
        List<String> out = new ArrayList<>();
        try (TreeWalk tw = new TreeWalk(reader)) {
            tw.setRecursive(true);
            tw.setFilter(TreeFilter.ANY_DIFF);
            tw.addTree(c.getTree());
            if (parentTrees.length == 0) tw.addTree(new EmptyTreeIterator());
            for (ObjectId p : parentTrees) tw.addTree(p);
            while (tw.next()) {
                if (!isFile(tw.getRawMode(0))) continue;
                boolean equalToAParent = false;
                for (int t = 1; t < tw.getTreeCount(); t++) if (tw.idEqual(0, t)) equalToAParent = true;
                if (equalToAParent) continue;
                List<String> p = new ArrayList<>();
                for (int t = 1; t < tw.getTreeCount(); t++) if (isFile(tw.getRawMode(t))) p.add(tw.getObjectId(t).name());
                out.add(tw.getPathString() + " " + tw.getObjectId(0).name() + " " + p);
            }
        }
        return out;
    }

    private static boolean isFile(int mode) {
        return (mode & FileMode.TYPE_MASK) == FileMode.TYPE_FILE;
    }
}
