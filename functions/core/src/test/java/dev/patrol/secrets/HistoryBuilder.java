package dev.patrol.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * Builds git histories for tests straight into a bare repository (no working
 * tree, no git binary): commits on branches, merges, deleted branches,
 * rewritten branches, symlinks and submodule entries.
 */
public final class HistoryBuilder implements AutoCloseable {

    /** A file version in a tree: mode and blob. */
    private record Entry(FileMode mode, ObjectId id) {}

    private final Repository repo;
    private final ObjectInserter inserter;
    private final Map<String, ObjectId> heads = new HashMap<>();
    private final Map<String, Map<String, Entry>> trees = new HashMap<>();
    private Instant clock = Instant.parse("2025-01-06T09:00:00Z");
    private final PersonIdent defaultAuthor = new PersonIdent("Dana Dev", "dana@acme.example");

    public HistoryBuilder(Path dir) throws IOException {
        repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().build();
        repo.create(true);
        inserter = repo.newObjectInserter();
    }

    public Repository repository() {
        return repo;
    }

    /** Commits {@code changes} (path → content; null deletes) on {@code branch}, which starts from {@code main} when new. */
    public String commit(String branch, String message, Map<String, String> changes) throws IOException {
        return commit(branch, message, changes, defaultAuthor);
    }

    public String commit(String branch, String message, Map<String, String> changes, PersonIdent author) throws IOException {
        Map<String, Entry> files = tree(branch);
        for (var c : changes.entrySet()) {
            if (c.getValue() == null) {
                files.remove(c.getKey());
            } else {
                files.put(c.getKey(), new Entry(FileMode.REGULAR_FILE, blob(c.getValue().getBytes(StandardCharsets.UTF_8))));
            }
        }
        List<ObjectId> parents = heads.containsKey(branch) ? List.of(heads.get(branch)) : parentsOfNew(branch);
        return write(branch, message, files, parents, author);
    }

    /** Adds an entry of any mode (symlink, submodule) with raw content or id. */
    public String commitEntry(String branch, String message, String path, FileMode mode, ObjectId id) throws IOException {
        Map<String, Entry> files = tree(branch);
        files.put(path, new Entry(mode, id));
        List<ObjectId> parents = heads.containsKey(branch) ? List.of(heads.get(branch)) : parentsOfNew(branch);
        return write(branch, message, files, parents, defaultAuthor);
    }

    public ObjectId blob(byte[] content) throws IOException {
        return inserter.insert(Constants.OBJ_BLOB, content);
    }

    /** Merges {@code from} into {@code into}: files of both, {@code from}'s version where both have one. */
    public String merge(String into, String from, String message) throws IOException {
        Map<String, Entry> files = tree(into);
        files.putAll(tree(from));
        return write(into, message, files, List.of(heads.get(into), heads.get(from)), defaultAuthor);
    }

    public void deleteBranch(String branch) throws IOException {
        RefUpdate u = repo.updateRef(Constants.R_HEADS + branch);
        u.setForceUpdate(true);
        u.delete();
        heads.remove(branch);
        trees.remove(branch);
    }

    /** Points {@code branch} back at {@code commit}, as a force-push of rewritten history does. */
    public void reset(String branch, String commit) throws IOException {
        ObjectId id = ObjectId.fromString(commit);
        heads.put(branch, id);
        trees.put(branch, filesOf(id));
        setRef(branch, id);
    }

    private Map<String, Entry> filesOf(ObjectId commit) throws IOException {
        Map<String, Entry> out = new TreeMap<>();
        try (var walk = new org.eclipse.jgit.revwalk.RevWalk(repo); var tw = new org.eclipse.jgit.treewalk.TreeWalk(repo)) {
            tw.addTree(walk.parseCommit(commit).getTree());
            tw.setRecursive(true);
            while (tw.next()) out.put(tw.getPathString(), new Entry(tw.getFileMode(0), tw.getObjectId(0)));
        }
        return out;
    }

    private List<ObjectId> parentsOfNew(String branch) {
        return heads.containsKey("main") && !branch.equals("main") ? List.of(heads.get("main")) : List.of();
    }

    private Map<String, Entry> tree(String branch) {
        return trees.computeIfAbsent(branch, b -> new TreeMap<>(b.equals("main") ? Map.of() : trees.getOrDefault("main", Map.of())));
    }

    private String write(String branch, String message, Map<String, Entry> files, List<ObjectId> parents, PersonIdent author) throws IOException {
        DirCache dc = DirCache.newInCore();
        DirCacheBuilder b = dc.builder();
        for (var f : new TreeMap<>(files).entrySet()) {
            DirCacheEntry e = new DirCacheEntry(f.getKey());
            e.setFileMode(f.getValue().mode());
            e.setObjectId(f.getValue().id());
            b.add(e);
        }
        b.finish();
        ObjectId tree = dc.writeTree(inserter);
        clock = clock.plusSeconds(3_600);
        PersonIdent who = new PersonIdent(author.getName(), author.getEmailAddress(), clock, ZoneOffset.UTC);
        CommitBuilder cb = new CommitBuilder();
        cb.setTreeId(tree);
        cb.setParentIds(new ArrayList<>(parents));
        cb.setAuthor(who);
        cb.setCommitter(who);
        cb.setMessage(message);
        ObjectId id = inserter.insert(cb);
        inserter.flush();
        heads.put(branch, id);
        trees.put(branch, new TreeMap<>(files));
        setRef(branch, id);
        if (branch.equals("main")) {
            RefUpdate head = repo.updateRef(Constants.HEAD);
            head.link(Constants.R_HEADS + "main");
        }
        return id.name();
    }

    private void setRef(String branch, ObjectId id) throws IOException {
        RefUpdate u = repo.updateRef(Constants.R_HEADS + branch);
        u.setNewObjectId(id);
        u.setForceUpdate(true);
        u.update();
    }

    @Override
    public void close() {
        inserter.close();
        repo.close();
    }
}
