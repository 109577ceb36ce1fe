package dev.patrol.secrets;

import dev.patrol.secrets.detect.Detector;
import dev.patrol.secrets.files.FolderScanner;
import dev.patrol.secrets.git.HistoryScanner;
import dev.patrol.secrets.git.Recall;
import dev.patrol.secrets.git.RepoSource;
import dev.patrol.secrets.git.RepoUnavailableException;
import dev.patrol.secrets.git.ScanCursor;
import dev.patrol.secrets.git.ScanProgress;
import dev.patrol.secrets.git.ScanRequest;
import dev.patrol.secrets.git.ScanResult;
import dev.patrol.secrets.git.ScanStats;
import dev.patrol.secrets.rules.GitleaksToml;
import dev.patrol.secrets.rules.RuleSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jgit.lib.ObjectId;

/**
 * One sweep of one repository, from a path or URL to a {@link ScanResult}: the
 * entry point for {@code patrol secrets scan} and the secrets job.
 *
 * <pre>{@code
 * var sweep = new SecretSweep(SecretSweep.Options.defaults().withRules("team-rules.toml"), Clock.systemUTC());
 * ScanResult r = sweep.scan("deals", "https://github.com/acme/deals.git", token,
 *         ledger.cursor("deals").orElse(null), ledger.pathsToRecheck("deals"), Suppressions.none(), progress);
 * var outcome = ledger.record(r);          // NEW / RESOLVED changes to alert on
 * ledger.saveCursor("deals", r.cursor());  // after the findings are safe
 * }</pre>
 *
 * A folder that is not a git repository is scanned file by file (its result
 * has no cursor). A URL is cloned bare into a temporary folder, or fetched into
 * {@code cloneCache} when set.
 */
public final class SecretSweep {

    /**
     * @param rules        "default" for the built-in rules, or a path to a gitleaks TOML file
     * @param maxBlobBytes files larger than this are skipped unread
     * @param threads      threads running the detector
     * @param decodeDepth  levels of base64/hex/percent encoding undone
     * @param cloneCache   where clones of URLs are kept between sweeps; null for a temporary clone each time
     */
    public record Options(String rules, long maxBlobBytes, int threads, int decodeDepth, Path cloneCache) {
        public static Options defaults() {
            return new Options("default", 10L << 20, 2, Detector.DEFAULT_DECODE_DEPTH, null);
        }

        public Options withRules(String rulesSpec) {
            return new Options(rulesSpec, maxBlobBytes, threads, decodeDepth, cloneCache);
        }

        public Options withCloneCache(Path dir) {
            return new Options(rules, maxBlobBytes, threads, decodeDepth, dir);
        }
    }

    private final Options options;
    private final Clock clock;

    public SecretSweep(Options options, Clock clock) {
        this.options = options;
        this.clock = clock;
    }

    /**
     * Starts loading, on a background thread, what every sweep needs first: JGit's
     * set-up and the built-in rules' detector. For a command line, which has parsing of its
     * own to do meanwhile; a sweep started before it finishes just waits for it.
     */
    public static void warmUpInBackground() {
        CompletableFuture<Detector> detector = new CompletableFuture<>();
        WARMED_UP.set(detector);
        // Two threads: the repository is opened first, the rules are needed only once blobs are read.
        List<Runnable> work = List.of(RepoSource::warmUp, () -> {
            try {
                detector.complete(new Detector(RuleSet.defaults(), Detector.DEFAULT_DECODE_DEPTH));
            } catch (Throwable e) {
                detector.completeExceptionally(e);
            }
        });
        for (Runnable r : work) {
            Thread t = new Thread(r, "patrol-warm-up");
            t.setDaemon(true);
            t.start();
        }
    }

    /**
     * The built-in rules' detector the warm-up is making (its keyword automaton, a few tens of
     * milliseconds), for the first sweep that wants it. One sweep only: a detector keeps the lines its
     * rules matched, and a long-running process sweeping many repositories should not keep them all.
     */
    private static final AtomicReference<CompletableFuture<Detector>> WARMED_UP = new AtomicReference<>();

    /** The rules an options value names: the built-in set, or a gitleaks TOML file (errors name the file and line). */
    public static RuleSet rules(String spec) {
        return isDefault(spec) ? RuleSet.defaults() : GitleaksToml.load(Path.of(spec));
    }

    private static boolean isDefault(String spec) {
        return spec == null || spec.isBlank() || spec.equals("default");
    }

    /** A detector of the rules {@code spec} names at {@code decodeDepth}: the warm-up's, if it made that one. */
    static Detector detector(String spec, int decodeDepth) {
        CompletableFuture<Detector> warmed = isDefault(spec) && decodeDepth == Detector.DEFAULT_DECODE_DEPTH ? WARMED_UP.getAndSet(null) : null;
        if (warmed != null) {
            try {
                return warmed.join();
            } catch (CompletionException e) {
                // made again below, where the error surfaces as the sweep's own
            }
        }
        return new Detector(rules(spec), decodeDepth);
    }

    /**
     * Sweeps {@code pathOrUrl}. {@code since} is the previous sweep's cursor (null:
     * the whole history); {@code recheck} the paths of open findings still in the
     * tree (see {@link FindingsLedger#pathsToRecheck}).
     *
     * @throws RepoUnavailableException when the repository cannot be opened or cloned
     * @throws dev.patrol.secrets.rules.RuleConfigException when the rule file is unusable
     */
    public ScanResult scan(String repo, String pathOrUrl, String token, ScanCursor since, Set<String> recheck,
                           Suppressions suppressions, ScanProgress progress) {
        return sweep(repo, pathOrUrl, token, since, recheck, suppressions, progress, Map.of()).result();
    }

    /**
     * A sweep, and the secrets found again of earlier findings it did not meet (see {@link Recall}): for
     * re-verifying open findings after an incremental sweep, which reads only new commits.
     *
     * @param recalled the recalled findings, every secret found at their places (partners included)
     */
    public record Swept(ScanResult result, List<Finding> recalled) {
        public Swept {
            recalled = List.copyOf(recalled);
        }
    }

    /**
     * {@link #scan}, then, in the same opened repository, {@code recall}: fingerprints of earlier findings
     * with the places they were introduced. Those the sweep found again need no recall; the others are read
     * again from those places.
     */
    public Swept sweep(String repo, String pathOrUrl, String token, ScanCursor since, Set<String> recheck,
                       Suppressions suppressions, ScanProgress progress, Map<String, List<Recall.Place>> recall) {
        if (!pathOrUrl.contains("://") && Files.isDirectory(Path.of(pathOrUrl)) && !isRepository(Path.of(pathOrUrl))) {
            // A folder is read whole every time: nothing to recall.
            return new Swept(scanFolder(repo, Path.of(pathOrUrl), suppressions), List.of());
        }
        // The rules load on their own thread while the repository is opened (or cloned) and walked.
        HistoryScanner scanner = HistoryScanner.preparing(() -> detector(options.rules(), options.decodeDepth()),
                new HistoryScanner.Options(options.maxBlobBytes(), options.threads()), clock);
        RepoSource.tuneForSweeps();
        // A full sweep of a URL examines the blobs while the clone receives them; a sweep since a cursor reads few.
        try (RepoSource.Opened opened = RepoSource.open(pathOrUrl, token, options.cloneCache(), progress,
                since == null ? scanner.clonedBlobs() : null)) {
            ScanResult result = scanner.scan(opened.repository(), new ScanRequest(repo, since, recheck, suppressions), progress,
                    opened.cloned());
            Set<String> met = new java.util.HashSet<>();
            result.findings().forEach(f -> met.add(f.fingerprint()));
            List<Recall.Place> places = recall.entrySet().stream().filter(e -> !met.contains(e.getKey()))
                    .flatMap(e -> e.getValue().stream()).toList();
            if (places.isEmpty()) return new Swept(result, List.of());
            Detector detector = detector(options.rules(), options.decodeDepth());
            return new Swept(result, Recall.at(opened.repository(), detector, repo, places, options.maxBlobBytes()));
        } catch (org.eclipse.jgit.errors.CorruptObjectException | org.eclipse.jgit.errors.MissingObjectException e) {
            throw new RepoUnavailableException("cannot read " + RepoSource.shown(pathOrUrl) + ": the repository is damaged ("
                    + e.getMessage() + "); run git fsck in it, or sweep a good copy", e);
        } catch (IOException e) {
            throw new RepoUnavailableException("cannot read " + RepoSource.shown(pathOrUrl) + ": " + e.getMessage(), e);
        }
    }

    /** {@code --since REV}: a cursor that counts everything reachable from REV as scanned. */
    public static ScanCursor sinceRevision(String pathOrUrl, String rev, String rulesSpec) {
        try (RepoSource.Opened opened = RepoSource.open(pathOrUrl, null, null, ScanProgress.NONE)) {
            ObjectId id = opened.repository().resolve(rev + "^{commit}");
            if (id == null) throw new IllegalArgumentException("--since: no commit " + rev + " in " + pathOrUrl);
            return ScanCursor.since(id.name(), rules(rulesSpec).digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ScanResult scanFolder(String repo, Path dir, Suppressions suppressions) {
        long started = System.nanoTime();
        try {
            Detector detector = detector(options.rules(), options.decodeDepth());
            List<dev.patrol.secrets.git.Unread> unread = new java.util.ArrayList<>();
            List<Finding> findings = new FolderScanner(detector, options.maxBlobBytes()).scan(dir, repo, suppressions, unread);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            ScanStats stats = new ScanStats(0, 0, 0, 0, 0, 0, took, Duration.ZERO, Duration.ZERO, Duration.ZERO);
            Set<String> inTree = findings.stream().map(Finding::fingerprint).collect(java.util.stream.Collectors.toSet());
            return new ScanResult(repo, findings, new ScanCursor(Map.of(), detector.ruleSet().digest(), clock.instant()), stats,
                    true, "a folder outside git: its files as they are", List.of(), inTree, Set.of(), Redaction.of(findings, detector), unread);
        } catch (IOException e) {
            throw new RepoUnavailableException("cannot read folder " + dir + ": " + e.getMessage(), e);
        }
    }

    private static boolean isRepository(Path dir) {
        return Files.exists(dir.resolve(".git")) || (Files.isDirectory(dir.resolve("objects")) && Files.isRegularFile(dir.resolve("HEAD")));
    }
}
