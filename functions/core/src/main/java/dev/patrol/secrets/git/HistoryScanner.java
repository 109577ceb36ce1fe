package dev.patrol.secrets.git;

import dev.patrol.secrets.Finding;
import dev.patrol.secrets.FoundSecrets;
import dev.patrol.secrets.Redaction;
import dev.patrol.secrets.Suppressions;
import dev.patrol.secrets.detect.Detector;
import dev.patrol.secrets.detect.Hit;
import dev.patrol.secrets.fingerprint.Fingerprints;
import dev.patrol.secrets.rules.Rule;
import dev.patrol.secrets.rules.RuleSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.MutableObjectId;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Sweeps a repository's history for secrets: every ref, every commit, each
 * distinct file version read once, each secret attributed to the commit that
 * introduced it.
 *
 * <p>The straight line of a sweep: walk commits and diff each against its
 * parents, collecting (commit, path, blob) changes → read the distinct blobs in
 * pack order and detect → a secret found in a blob but not in the path's
 * version in any parent was introduced by that commit → group by secret into
 * {@link Finding}s.
 *
 * <p>Given the cursor of a previous sweep, only commits not reachable from its
 * tips are walked (their parents' file versions are read too, so that a secret
 * that was already there is not attributed to the new commit). A vanished tip
 * (force-push, deleted branch) or changed rules make the sweep full again.
 */
public final class HistoryScanner {

    /** Blobs above {@code maxBlobBytes} are skipped unread; {@code threads} read blobs in parallel. */
    public record Options(long maxBlobBytes, int threads) {
        public static Options defaults() {
            return new Options(10L * 1024 * 1024, 2);
        }
    }

    /** The rules ready to use: the detector, and the rules by id for attribution. */
    private record Prepared(Detector detector, RuleSet ruleSet, Map<String, Rule> rulesById, List<Rule> pathRules) {
        static Prepared of(Detector detector) {
            Map<String, Rule> byId = new HashMap<>();
            detector.ruleSet().rules().forEach(r -> byId.put(r.id(), r));
            return new Prepared(detector, detector.ruleSet(), byId,
                    detector.ruleSet().rules().stream().filter(r -> r.regex() == null).toList());
        }
    }

    private final CompletableFuture<Prepared> prepared;
    private final Options options;
    private final Clock clock;

    public HistoryScanner(Detector detector, Options options, Clock clock) {
        this(CompletableFuture.completedFuture(Prepared.of(detector)), options, clock);
    }

    public HistoryScanner(RuleSet rules) {
        this(new Detector(rules), Options.defaults(), Clock.systemUTC());
    }

    private HistoryScanner(CompletableFuture<Prepared> prepared, Options options, Clock clock) {
        this.prepared = prepared;
        this.options = options;
        this.clock = clock;
    }

    /**
     * A scanner whose detector (its rules loaded and compiled) is made on another thread while the
     * repository is opened and its commits walked: loading and compiling rules is a tenth of a short
     * sweep. Errors in the rules surface from {@link #scan}.
     */
    public static HistoryScanner preparing(Supplier<Detector> detector, Options options, Clock clock) {
        CompletableFuture<Prepared> p = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                p.complete(Prepared.of(detector.get()));
            } catch (Throwable e) {
                p.completeExceptionally(e);
            }
        }, "patrol-rules");
        t.setDaemon(true);
        t.start();
        return new HistoryScanner(p, options, clock);
    }

    private Prepared rules() {
        try {
            return prepared.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
    }

    /**
     * For a URL's fresh clone: the blobs examined while they arrive, with this scanner's rules
     * and limits (see {@link ClonedBlobs}). Only a full sweep uses them.
     */
    public ClonedBlobs clonedBlobs() {
        return new ClonedBlobs(() -> blobReader(null, rules()), options.maxBlobBytes(), options.threads());
    }

    public ScanResult scan(Repository repo, ScanRequest request, ScanProgress progress) throws IOException {
        return scan(repo, request, progress, null);
    }

    /** {@code cloned}: what the clone of {@code repo} examined on the way (null when nothing), so a full sweep does not read it again. */
    public ScanResult scan(Repository repo, ScanRequest request, ScanProgress progress, ClonedBlobs cloned) throws IOException {
        long started = System.nanoTime();
        try (ObjectReader reader = repo.newObjectReader(); RevWalk walk = new RevWalk(reader)) {
            walk.setRetainBody(false);
            Map<String, String> tips = RefTips.current(repo, walk);
            ScanCursor since = request.since();
            List<String> rewritten = List.of();
            boolean full = true;
            String reason = "first sweep";
            if (since != null && !Objects.equals(since.rules(), rules().ruleSet().digest())) {
                reason = "rules changed since the last sweep";
            } else if (since != null) {
                rewritten = RefTips.rewritten(repo, since.tips(), tips);
                full = !rewritten.isEmpty();
                reason = full ? "history rewritten on " + rewritten : "new commits since " + since.scannedAt();
            }
            walk.reset();
            for (String tip : tips.values()) walk.markStart(walk.parseCommit(ObjectId.fromString(tip)));
            if (!full) {
                for (String old : since.tips().values()) {
                    try {
                        walk.markUninteresting(walk.parseCommit(ObjectId.fromString(old)));
                    } catch (MissingObjectException gone) {
                        // cannot happen when not rewritten; harmless either way
                    }
                }
            }
            // A full sweep reads every packed blob while this thread walks the commits, unless the clone did.
            CompletableFuture<Reading> reading = !full ? null
                    : cloned != null && cloned.received() ? finishingInBackground(repo, cloned) : readingInBackground(repo, progress);
            var cpu = java.lang.management.ManagementFactory.getThreadMXBean();
            long walkStart = cpu.getCurrentThreadCpuTime();
            Introductions intro = collectChanges(walk, reader, progress);
            Duration walking = Duration.ofNanos(cpu.getCurrentThreadCpuTime() - walkStart);
            CurrentTree tree = currentTree(repo, reader, intro, request.recheckPaths());
            Suppressions suppressions = request.suppressions().and(tree.ignoreFile());

            Prepared rules = rules();
            Reading read = reading == null ? new Reading(blobReader(repo, rules), null) : join(reading);
            BlobReader blobs = read.reader();
            List<Hit>[] hits = blobs.scan(intro.blobs, intro.paths, read.prescan(), progress);
            scanAtTheirPaths(rules, reader, blobs, intro, hits);

            progress.update(ScanProgress.Phase.ATTRIBUTION, 0, intro.size());
            Set<String> inTree = new HashSet<>();
            for (var e : tree.blobs().entrySet()) {
                List<Hit> h = hits[e.getValue()];
                if (h != null) h.forEach(x -> inTree.add(Fingerprints.patrol(request.repo(), x.ruleId(), x.secret())));
            }
            List<Finding> findings = attribute(rules, request.repo(), reader, intro, hits, suppressions, inTree);
            ScanStats stats = new ScanStats(intro.commits.size(), blobs.scanned.get(), blobs.bytes.get(),
                    blobs.skippedBinary.get(), blobs.skippedLarge.get(), blobs.skippedMissing.get(),
                    Duration.ofNanos(System.nanoTime() - started), walking, Duration.ofNanos(blobs.readNanos.get()),
                    Duration.ofNanos(blobs.detectNanos.get()));
            ScanCursor cursor = new ScanCursor(tips, rules.ruleSet().digest(), clock.instant());
            return new ScanResult(request.repo(), findings, cursor, stats, full, reason, rewritten, inTree,
                    full ? Set.of() : tree.blobs().keySet(), Redaction.of(findings, rules.detector()),
                    unread(repo, intro, blobs, tree.submodules()));
        }
    }

    /**
     * Rules limited to paths ({@code .netrc}, say) run on the blobs that sit at a
     * matching path and nowhere else; their hits join the blob's others.
     */
    private static void scanAtTheirPaths(Prepared rules, ObjectReader reader, BlobReader blobs, Introductions intro,
                                         List<Hit>[] hits) throws IOException {
        List<Rule> limited = rules.ruleSet().rules().stream().filter(r -> r.regex() != null && r.path() != null).toList();
        if (limited.isEmpty()) return;
        // Paths repeat in every commit that touches them: match each distinct path once.
        List<List<Rule>> byPath = new java.util.ArrayList<>(intro.paths.size());
        for (String path : intro.paths) byPath.add(limited.stream().filter(r -> r.appliesTo(path)).toList());
        Map<Integer, Set<Rule>> wanted = new HashMap<>();
        for (int i = 0; i < intro.size(); i++) {
            List<Rule> apply = byPath.get(intro.pathOf(i));
            if (!apply.isEmpty()) wanted.computeIfAbsent(intro.blobOf(i), k -> new HashSet<>()).addAll(apply);
        }
        for (var e : wanted.entrySet()) {
            List<Hit> found = blobs.examine(reader, intro.blobs.get(e.getKey()), e.getValue()::contains);
            if (found == null) continue;
            List<Hit> all = new java.util.ArrayList<>(hits[e.getKey()] == null ? List.of() : hits[e.getKey()]);
            all.addAll(found);
            hits[e.getKey()] = all;
        }
    }

    /** A blob reader and what it scanned ahead of the walk (null when nothing). */
    private record Reading(BlobReader reader, BlobReader.Prescan prescan) {}

    private BlobReader blobReader(Repository repo, Prepared rules) {
        return new BlobReader(repo, rules.detector(), options.maxBlobBytes(), options.threads());
    }

    private CompletableFuture<Reading> readingInBackground(Repository repo, ScanProgress progress) {
        return inBackground("patrol-pack-reader", () -> {
            BlobReader r = blobReader(repo, rules());
            return new Reading(r, r.prescanPacks(progress));
        });
    }

    /** The clone's examined blobs, once its workers are done with what is queued; the rest is read as usual. */
    private CompletableFuture<Reading> finishingInBackground(Repository repo, ClonedBlobs cloned) {
        return inBackground("patrol-clone-finish", () -> {
            cloned.finish();
            BlobReader r = blobReader(repo, rules());
            r.countAlso(cloned.counts());
            return new Reading(r, cloned);
        });
    }

    private static CompletableFuture<Reading> inBackground(String name, java.util.concurrent.Callable<Reading> work) {
        CompletableFuture<Reading> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(work.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return f;
    }

    private static Reading join(CompletableFuture<Reading> f) throws IOException {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
    }

    /** Diffs every walked commit against its parents and records the file versions it introduced. */
    private Introductions collectChanges(RevWalk walk, ObjectReader reader, ScanProgress progress) throws IOException {
        Introductions intro = new Introductions();
        TreeDiff diff = new TreeDiff(reader);
        int[] parentBlobs = new int[4];
        for (RevCommit c; (c = walk.next()) != null; ) {
            int ci = intro.addCommit(c.copy());
            RevCommit[] parents = c.getParents();
            ObjectId[] parentTrees = new ObjectId[parents.length];
            for (int i = 0; i < parents.length; i++) {
                walk.parseHeaders(parents[i]);
                parentTrees[i] = parents[i].getTree();
            }
            if (parentBlobs.length < parents.length) parentBlobs = new int[parents.length];
            int[] pb = parentBlobs;
            diff.diff(c.getTree(), parentTrees, (path, blob, inParents, n) -> {
                int p = intro.path(path);
                int b = intro.blob(blob, p, true).index;
                for (int k = 0; k < n; k++) pb[k] = intro.blob(inParents[k], p, false).index;
                intro.add(ci, p, b, pb, n);
            });
            if ((ci & 255) == 0) progress.update(ScanProgress.Phase.COMMITS, ci, -1);
        }
        progress.update(ScanProgress.Phase.COMMITS, intro.commits.size(), intro.commits.size());
        return intro;
    }

    /** Regular and executable files only: symlinks and submodules are not followed. */
    private static boolean isFile(int rawMode) {
        return (rawMode & FileMode.TYPE_MASK) == FileMode.TYPE_FILE;
    }

    /** Reports name at most this many unread files; the rest are counted. */
    private static final int UNREAD_LISTED = 100;

    /**
     * What this sweep did not read: introduced files over the size limit or missing (each named
     * once, with the commit that introduced it), the current tree's submodules, and for a shallow
     * clone the history before its graft.
     */
    private List<Unread> unread(Repository repo, Introductions intro, BlobReader blobs, List<String> submodules) throws IOException {
        List<Unread> out = new java.util.ArrayList<>();
        if (repo.getObjectDatabase() instanceof org.eclipse.jgit.internal.storage.file.ObjectDirectory odb) {
            Set<ObjectId> grafts = odb.getShallowCommits();
            if (!grafts.isEmpty()) {
                out.add(new Unread(Unread.Kind.SHALLOW, "", "", "a shallow clone: the history before " + grafts.size()
                        + " commit" + (grafts.size() == 1 ? "" : "s") + " was not swept, and a secret there was not looked for;"
                        + " sweep a full clone (git fetch --unshallow)"));
            }
        }
        for (String path : submodules) {
            out.add(new Unread(Unread.Kind.SUBMODULE, path, "", "a submodule: its own repository was not swept; add it to the sweep on its own"));
        }
        java.util.BitSet named = new java.util.BitSet();
        int unlisted = 0;
        for (int i = 0; i < intro.size(); i++) {
            Introductions.Blob b = intro.blobs.get(intro.blobOf(i));
            boolean large = blobs.tooLarge.contains(b);
            if (!(large || blobs.missing.contains(b)) || named.get(b.index)) continue;
            named.set(b.index);
            if (out.size() >= UNREAD_LISTED) {
                unlisted++;
                continue;
            }
            String why = large ? "larger than the " + (options.maxBlobBytes() >> 20) + " MB limit, not read"
                    : "missing from this clone (a partial clone), not read";
            out.add(new Unread(large ? Unread.Kind.TOO_LARGE : Unread.Kind.MISSING, intro.paths.get(intro.pathOf(i)),
                    intro.commits.get(intro.commitOf(i)).name(), why));
        }
        if (unlisted > 0) out.add(new Unread(Unread.Kind.TOO_LARGE, "", "", "and " + unlisted + " more files not read"));
        return out;
    }

    /** The default branch's files that this sweep reads, its {@code .gitleaksignore}, and its submodules. */
    private record CurrentTree(Map<String, Integer> blobs, Suppressions ignoreFile, List<String> submodules) {}

    private CurrentTree currentTree(Repository repo, ObjectReader reader, Introductions intro, Set<String> recheck) throws IOException {
        ObjectId head = repo.resolve(Constants.HEAD + "^{tree}");
        Map<String, Integer> blobs = new HashMap<>();
        Suppressions ignore = Suppressions.none();
        List<String> submodules = new java.util.ArrayList<>();
        if (head == null) return new CurrentTree(blobs, ignore, submodules);
        try (TreeWalk tw = new TreeWalk(reader)) {
            tw.setRecursive(true);
            tw.addTree(head);
            MutableObjectId id = new MutableObjectId();
            while (tw.next()) {
                if ((tw.getRawMode(0) & FileMode.TYPE_MASK) == FileMode.TYPE_GITLINK) submodules.add(tw.getPathString());
                if (!isFile(tw.getRawMode(0))) continue;
                tw.getObjectId(id, 0);
                String path = tw.getPathString();
                if (path.equals(".gitleaksignore")) {
                    byte[] text = reader.open(id, Constants.OBJ_BLOB).getCachedBytes(1 << 20);
                    ignore = Suppressions.fromIgnoreFile(new String(text, StandardCharsets.UTF_8));
                }
                Introductions.Blob b = intro.find(id);
                if (b == null && recheck.contains(path)) b = intro.blob(id, intro.path(path), false);
                if (b != null) blobs.put(path, b.index);
            }
        }
        return new CurrentTree(blobs, ignore, submodules);
    }

    /** A secret in a blob is introduced by a change when the path's version in no parent holds it. */
    private List<Finding> attribute(Prepared rules, String repo, ObjectReader reader, Introductions intro, List<Hit>[] hits,
                                    Suppressions suppressions, Set<String> inTree) {
        FoundSecrets found = new FoundSecrets(repo, rules.ruleSet(), suppressions);
        try (RevWalk metaWalk = new RevWalk(reader)) {
            Map<Integer, FoundSecrets.Author> authors = new HashMap<>();
            Function<Integer, FoundSecrets.Author> author = ci -> authors.computeIfAbsent(ci, k -> author(metaWalk, intro.commits.get(k)));
            for (int i = 0; i < intro.size(); i++) {
                String path = intro.paths.get(intro.pathOf(i));
                for (Rule r : rules.pathRules()) {
                    if (r.appliesTo(path)) found.add(r, FoundSecrets.fileHit(r, path), path, author.apply(intro.commitOf(i)));
                }
                List<Hit> inBlob = hits[intro.blobOf(i)];
                if (inBlob == null) continue;
                Set<String> before = new HashSet<>();
                for (int p : intro.parentsOf(i)) if (hits[p] != null) hits[p].forEach(h -> before.add(h.key()));
                for (Hit h : inBlob) {
                    if (!before.contains(h.key())) found.add(rules.rulesById().get(h.ruleId()), h, path, author.apply(intro.commitOf(i)));
                }
            }
        }
        return found.findings(inTree::contains);
    }

    private static FoundSecrets.Author author(RevWalk walk, ObjectId id) {
        try {
            RevCommit c = walk.parseCommit(id);
            var who = c.getAuthorIdent();
            return new FoundSecrets.Author(c.name(), who.getName(), who.getEmailAddress(), who.getWhenAsInstant(), c.getFullMessage());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

}
