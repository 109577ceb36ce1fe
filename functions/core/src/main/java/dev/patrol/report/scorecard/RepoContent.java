package dev.patrol.report.scorecard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevTag;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * What the scorecard reads of one repository, without a working tree: the files of the default
 * branch's tip (HEAD), small text files on demand, the commits (newest first) and the tags.
 * Works the same on a working copy and on the bare clones the secrets job keeps.
 */
public final class RepoContent implements AutoCloseable {
    /** Files larger than this are not read as text: configuration never is. */
    private static final int MAX_TEXT = 512 * 1024;

    public record CommitInfo(String sha, Instant time, boolean signed) {}

    public record TagInfo(String name, Instant time, boolean annotated, boolean signed) {}

    private final ObjectReader reader;
    /** Whether {@link #close} closes the reader: not when it belongs to the caller's walk. */
    private final boolean ownsReader;
    private final Map<String, ObjectId> files;
    private final List<CommitInfo> commits;
    private final List<TagInfo> tags;
    private final Instant now;

    private RepoContent(ObjectReader reader, boolean ownsReader, Map<String, ObjectId> files, List<CommitInfo> commits, List<TagInfo> tags,
                        Instant now) {
        this.reader = reader;
        this.ownsReader = ownsReader;
        this.files = files;
        this.commits = commits;
        this.tags = tags;
        this.now = now;
    }

    public static RepoContent read(Repository repo, Instant now) throws IOException {
        ObjectReader reader = repo.newObjectReader();
        try (RevWalk walk = new RevWalk(reader)) {
            return read(repo, walk, now, true);
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /**
     * The same, in the caller's {@code walk} (with the commits another reading of the repository parsed
     * already: the report's DORA history walks them first), reading files through its reader. The
     * caller closes the walk and the reader after this content.
     */
    public static RepoContent read(Repository repo, RevWalk walk, Instant now) throws IOException {
        return read(repo, walk, now, false);
    }

    private static RepoContent read(Repository repo, RevWalk walk, Instant now, boolean ownsReader) throws IOException {
        ObjectReader reader = walk.getObjectReader();
        Map<String, ObjectId> files = new LinkedHashMap<>();
        List<CommitInfo> commits = new ArrayList<>();
        List<TagInfo> tags = new ArrayList<>();
        ObjectId head = repo.resolve(Constants.HEAD + "^{commit}");
        if (head != null) {
            RevCommit tip = walk.parseCommit(head);
            try (TreeWalk tw = new TreeWalk(reader)) {
                tw.addTree(tip.getTree());
                tw.setRecursive(true);
                while (tw.next()) {
                    if (tw.getFileMode(0).getObjectType() == Constants.OBJ_BLOB && tw.getFileMode(0) != FileMode.SYMLINK) {
                        files.put(tw.getPathString(), tw.getObjectId(0));
                    }
                }
            }
            walk.setRetainBody(true);
            walk.markStart(tip);
            for (RevCommit c : walk) commits.add(new CommitInfo(c.name(), Instant.ofEpochSecond(c.getCommitTime()), c.getRawGpgSignature() != null));
            walk.reset();
        }
        for (Ref ref : repo.getRefDatabase().getRefsByPrefix(Constants.R_TAGS)) {
            RevObject o = walk.parseAny(ref.getObjectId());
            String name = ref.getName().substring(Constants.R_TAGS.length());
            if (o instanceof RevTag t) {
                Instant when = t.getTaggerIdent() == null ? null : t.getTaggerIdent().getWhenAsInstant();
                RevObject target = walk.peel(t);
                if (when == null && target instanceof RevCommit c) when = Instant.ofEpochSecond(c.getCommitTime());
                tags.add(new TagInfo(name, when, true, t.getRawGpgSignature() != null));
            } else if (o instanceof RevCommit c) {
                walk.parseHeaders(c);
                tags.add(new TagInfo(name, Instant.ofEpochSecond(c.getCommitTime()), false, false));
            }
        }
        return new RepoContent(reader, ownsReader, Collections.unmodifiableMap(files), List.copyOf(commits), List.copyOf(tags), now);
    }

    public Instant now() {
        return now;
    }

    /** Every file path of the default branch's tip. */
    public java.util.Set<String> paths() {
        return files.keySet();
    }

    public List<String> paths(Predicate<String> which) {
        return files.keySet().stream().filter(which).toList();
    }

    /** The first of {@code candidates} that exists (exact paths, case-insensitive). */
    public Optional<String> first(String... candidates) {
        for (String c : candidates) {
            for (String p : files.keySet()) if (p.equalsIgnoreCase(c)) return Optional.of(p);
        }
        return Optional.empty();
    }

    /** Paths whose file name (lower case) satisfies {@code which}. */
    public List<String> named(Predicate<String> which) {
        return paths(p -> which.test(fileName(p).toLowerCase(Locale.ROOT)));
    }

    public static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The file as UTF-8 text; empty for missing, large or binary files. */
    public Optional<String> text(String path) {
        ObjectId id = files.get(path);
        if (id == null) return Optional.empty();
        try {
            ObjectLoader l = reader.open(id, Constants.OBJ_BLOB);
            if (l.getSize() > MAX_TEXT) return Optional.empty();
            byte[] bytes = l.getCachedBytes();
            for (int i = 0; i < Math.min(bytes.length, 8000); i++) if (bytes[i] == 0) return Optional.empty();
            return Optional.of(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The first 8000 bytes hold a NUL, as git decides a file is binary. */
    public boolean binary(String path) {
        ObjectId id = files.get(path);
        if (id == null) return false;
        try {
            ObjectLoader l = reader.open(id, Constants.OBJ_BLOB);
            try (var in = l.openStream()) {
                byte[] head = in.readNBytes(8000);
                for (byte b : head) if (b == 0) return true;
                return false;
            }
        } catch (IOException e) {
            return false;
        }
    }

    /** Commits reachable from HEAD, newest first. */
    public List<CommitInfo> commits() {
        return commits;
    }

    public List<TagInfo> tags() {
        return tags;
    }

    /** Lines of a text file that satisfy {@code which}, as "path:line text". */
    public List<String> lines(String path, Predicate<String> which) {
        List<String> out = new ArrayList<>();
        String[] lines = text(path).orElse("").split("\n", -1);
        for (int i = 0; i < lines.length; i++) if (which.test(lines[i])) out.add(path + ":" + (i + 1) + " " + lines[i].strip());
        return out;
    }

    @Override
    public void close() {
        if (ownsReader) reader.close();
    }
}
