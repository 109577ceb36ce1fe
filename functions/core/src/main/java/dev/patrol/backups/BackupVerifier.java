package dev.patrol.backups;

import dev.patrol.backups.integrity.Manifest;
import dev.patrol.backups.restore.Causes;
import dev.patrol.backups.restore.RestoreFormat;
import dev.patrol.backups.restore.RestorePlan;
import dev.patrol.backups.restore.RestoreTest;
import dev.patrol.backups.restore.Sizes;
import dev.patrol.config.BackupSetConfig;
import dev.patrol.state.StateStore;
import dev.patrol.storage.BucketPosture;
import dev.patrol.storage.ObjectInfo;
import dev.patrol.storage.ObjectStore;
import dev.patrol.storage.ObjectStoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Verifies backup sets: the {@code backups} job's observation of one target. For a set
 * it lists the objects whose names match the pattern and checks, in one run: a backup
 * for every period, the newest within maxAge, plausible sizes, checksums and a restore
 * test on the newest and a rotating share of the rest, retention (with prune) and the
 * bucket's posture. Every problem becomes a {@link Problem}; nothing a backup contains
 * can stop the run, and one set's failure never touches another's.
 *
 * <p>Thread-safe; one instance serves a whole job.
 */
public final class BackupVerifier {
    private final ObjectStore store;
    private final StateStore state;
    private final Clock clock;
    private final VerifyOptions options;
    private final BackupReader reader;

    public BackupVerifier(ObjectStore store, StateStore state, Clock clock) {
        this(store, state, clock, VerifyOptions.DEFAULT);
    }

    public BackupVerifier(ObjectStore store, StateStore state, Clock clock, VerifyOptions options) {
        this.store = store;
        this.state = state;
        this.clock = clock;
        this.options = options;
        this.reader = new BackupReader(store, new RestoreTest(options.limits()), options.limits().maxTime());
    }

    /** Verifies one backup set. Throws only when the state store is unreachable ({@code StateUnavailableException}). */
    public BackupResult verify(BackupSetConfig config) {
        Instant now = clock.instant();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("location", config.location());
        details.put("pattern", config.pattern());
        BackupPattern pattern;
        RestoreFormat restore;
        try {
            pattern = BackupPattern.parse(config.pattern());
            restore = RestoreFormat.parse(config.restore()).orElseThrow(() -> new IllegalArgumentException(
                    "restore: " + config.restore() + " is not one of " + RestoreFormat.words()));
        } catch (IllegalArgumentException e) {
            return BackupResult.of(config.name(), null, details, List.of(Problem.error(Problem.Check.LISTING, null, Causes.phrase(e))));
        }
        BackupSet set;
        try {
            set = list(config, pattern, now);
        } catch (IOException e) {
            return BackupResult.of(config.name(), null, details, List.of(Problem.error(Problem.Check.LISTING, null,
                    "cannot list " + config.location() + ": " + Causes.phrase(e))));
        }
        details.put("objects", set.objects().size());
        if (set.objects().isEmpty()) {
            return BackupResult.of(config.name(), null, details, List.of(Problem.fail(Problem.Check.LISTING, null,
                    "no backups under " + BackupVerifier.folder(config.location()) + " match " + config.pattern()
                            + ": the backup job never ran, or it writes elsewhere or under another name")));
        }
        details.put("oldest", set.objects().get(0).name());

        BackupMemory.Loaded loaded = BackupMemory.load(state, config.name());
        BackupMemory memory = loaded.memory();
        List<Problem> problems = new ArrayList<>();
        FreshnessCheck.run(set, problems, details);
        SizeCheck.run(set, memory.sizes(), options, problems);
        PeriodCheck.run(set, problems, details);
        Reads reads = readSome(set, restore, memory, problems, details);
        RetentionCheck.run(set, store, memory.earliest(), problems, details);
        posture(set, problems, details);
        BackupMemory.save(state, config.name(), remember(set, memory, reads), loaded.version());
        return BackupResult.of(config.name(), okMessage(set, details), details, problems);
    }

    /**
     * Reads and checks one object of the set right away (checksums and restore test), as
     * after a snapshot; {@code name} is relative to the set's location.
     */
    public BackupResult verifyObject(BackupSetConfig config, String name) {
        Map<String, Object> details = new LinkedHashMap<>();
        String location = BackupVerifier.folder(config.location()) + name;
        details.put("location", location);
        try {
            Optional<ObjectInfo> info = store.stat(location);
            if (info.isEmpty()) {
                return BackupResult.of(config.name(), null, details, List.of(Problem.fail(Problem.Check.LISTING, name,
                        name + " is not in " + config.location() + " right after it was written: check the bucket and its lifecycle rules")));
            }
            Set<String> beside = new HashSet<>();
            for (String suffix : Stream.concat(Manifest.SHA256_SIDECARS.stream(), Stream.of(Manifest.SUFFIX)).toList()) {
                if (store.stat(location + suffix).isPresent()) beside.add(name + suffix);
            }
            RestoreFormat restore = RestoreFormat.parse(config.restore()).orElse(RestoreFormat.AUTO);
            BackupObject object = new BackupObject(name, clock.instant(), info.get());
            BackupReader.Report report = reader.read(object, RestorePlan.of(restore, name), evidence(name, beside, Map.of(), false));
            details.put("read", List.of(report.details()));
            return BackupResult.of(config.name(), name + " verified: " + Sizes.human(report.bytes()) + " read, "
                    + describe(report.details()), details, report.problems());
        } catch (IOException e) {
            return BackupResult.of(config.name(), null, details, List.of(Problem.error(Problem.Check.LISTING, name, Causes.phrase(e))));
        }
    }

    /** The folder a set's object names are relative to, with a trailing slash: {@code s3://b/p/} or {@code ./backups/}. */
    public static String folder(String location) {
        return location.endsWith("/") ? location : location + "/";
    }

    private BackupSet list(BackupSetConfig config, BackupPattern pattern, Instant now) throws IOException {
        String base = BackupVerifier.folder(config.location());
        List<BackupObject> objects = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Map<String, List<ObjectInfo>> groups = new java.util.TreeMap<>();
        try (Stream<ObjectInfo> listing = store.list(base + pattern.literalPrefix())) {
            listing.forEach(info -> {
                String name = info.location().substring(base.length());
                names.add(name);
                if (!pattern.folder()) pattern.match(name).ifPresent(period -> objects.add(new BackupObject(name, period, info)));
                else group(pattern, name, info, groups);
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        groups.forEach((name, members) -> objects.add(new BackupObject(name, pattern.match(name).orElseThrow(), new ObjectInfo(base + name,
                members.stream().mapToLong(ObjectInfo::size).sum(),
                members.stream().map(ObjectInfo::lastModified).filter(java.util.Objects::nonNull).max(Comparator.naturalOrder()).orElse(null),
                null, Map.of()))));
        objects.sort(Comparator.comparing(BackupObject::period).thenComparing(o -> o.info().lastModified()));
        return new BackupSet(config, pattern, base, objects, names, now);
    }

    /** A folder pattern ({@code db_{yyyyMMdd}/}): an object belongs to the first folder of its name that matches. */
    private static void group(BackupPattern pattern, String name, ObjectInfo info, Map<String, List<ObjectInfo>> groups) {
        for (int slash = name.indexOf('/'); slash >= 0; slash = name.indexOf('/', slash + 1)) {
            String folder = name.substring(0, slash + 1);
            if (pattern.match(folder).isPresent()) {
                groups.computeIfAbsent(folder, f -> new ArrayList<>()).add(info);
                return;
            }
        }
    }

    /** What the reads of one run leave for the memory: where the rotation stopped, what failed. */
    private record Reads(String cursor, List<String> failing) {}

    /** Reads the newest object, the ones that failed last time and the next share of the rotation, in parallel. */
    private Reads readSome(BackupSet set, RestoreFormat restore, BackupMemory memory,
                           List<Problem> problems, Map<String, Object> details) {
        Selection selection = choose(set, memory);
        List<Map<String, Object>> reads = new ArrayList<>();
        List<String> vanished = new ArrayList<>();
        List<String> failing = new ArrayList<>();
        long bytes = 0;
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(options.parallelReads(), selection.objects().size())),
                r -> {
                    Thread t = new Thread(r, "patrol-backup-read");
                    t.setDaemon(true);
                    return t;
                });
        try {
            Map<String, String> sums = checksumList(set, problems);
            List<Future<BackupReader.Report>> futures = new ArrayList<>();
            BackupObject newestArchived = selection.objects().stream().filter(o -> o.info().archived())
                    .max(Comparator.comparing(BackupObject::period)).orElse(null);
            for (BackupObject o : selection.objects()) {
                BackupReader.Evidence evidence = evidence(o.name(), set.listedNames(), sums,
                        set.config().requestsRestores() && o == newestArchived);
                futures.add(pool.submit(() -> reader.read(o, RestorePlan.of(restore, o.name()), evidence)));
            }
            for (Future<BackupReader.Report> f : futures) {
                BackupReader.Report r = f.get();
                if (r.vanished()) {
                    vanished.add(r.name());
                    continue;
                }
                problems.addAll(r.problems());
                reads.add(r.details());
                bytes += r.bytes();
                if (!r.problems().isEmpty()) failing.add(r.name());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problems.add(Problem.error(Problem.Check.RESTORE, null, "interrupted while reading backups; the run was stopped"));
        } catch (ExecutionException e) {
            problems.add(Problem.error(Problem.Check.RESTORE, null, "reading backups failed: " + Causes.phrase(e.getCause())
                    + "; Patrol reads them again on the next run"));
        } finally {
            pool.shutdownNow();
        }
        if (!vanished.isEmpty()) {
            problems.add(Problem.fail(Problem.Check.INTEGRITY, vanished.get(0), Lists.some(vanished) + (vanished.size() == 1 ? " was" : " were")
                    + " listed but gone when read: deleted while Patrol ran; if nobody meant to, check who may delete in "
                    + set.base() + " and its lifecycle rules"));
        }
        details.put("read", reads);
        details.put("bytesRead", bytes);
        return new Reads(selection.cursor(), failing);
    }

    private static BackupReader.Evidence evidence(String name, Set<String> listed, Map<String, String> sums, boolean requestRestore) {
        String sidecar = Manifest.SHA256_SIDECARS.stream().filter(suffix -> listed.contains(name + suffix)).findFirst().orElse(null);
        return new BackupReader.Evidence(sidecar, listed.contains(name + Manifest.SUFFIX), sums.get(name), requestRestore);
    }

    /** The folder's SHA256SUMS, if it has one: read once per run, looked up per object. */
    private Map<String, String> checksumList(BackupSet set, List<Problem> problems) {
        try (java.io.InputStream in = store.open(set.base() + Manifest.SHA256_LIST)) {
            return Manifest.parseList(in, set.base() + Manifest.SHA256_LIST);
        } catch (dev.patrol.storage.NoSuchObjectException none) {
            return Map.of();
        } catch (IOException e) {
            problems.add(Problem.error(Problem.Check.INTEGRITY, Manifest.SHA256_LIST, "cannot read " + set.base()
                    + Manifest.SHA256_LIST + ": " + Causes.phrase(e)));
            return Map.of();
        }
    }

    /** The objects one run reads in full, and where the rotation through the set stops this time. */
    private record Selection(List<BackupObject> objects, String cursor) {}

    /**
     * The newest; those that failed their last read; then the next share of the rest in
     * date order, after where the last run stopped, wrapping around. The share grows with
     * the time since the last run, so every object is read within the window whatever the
     * schedule, and takes in more while the run's read budget lasts: a small set is read
     * whole on every run. Objects past retention are not read.
     */
    private Selection choose(BackupSet set, BackupMemory memory) {
        List<BackupObject> live = set.objects().stream().filter(o -> !set.expired(o)).toList();
        if (live.isEmpty()) return new Selection(List.of(), memory.cursor());
        BackupObject newest = live.get(live.size() - 1);
        List<BackupObject> rest = live.subList(0, live.size() - 1);
        int share;
        if (options.readWindow().isZero()) {
            share = rest.size();
        } else {
            Duration since = memory.lastRun() == null ? Duration.ofDays(1) : Duration.between(memory.lastRun(), set.now());
            double fraction = Math.min(1.0, (double) Math.max(since.toSeconds(), 1) / options.readWindow().toSeconds());
            share = (int) Math.min(rest.size(), Math.ceil(rest.size() * fraction));
        }
        java.util.LinkedHashSet<BackupObject> chosen = new java.util.LinkedHashSet<>();
        chosen.add(newest);
        Set<String> failing = new HashSet<>(memory.failing());
        rest.stream().filter(o -> failing.contains(o.name())).forEach(chosen::add);
        int start = 0; // just after the period where the last run's rotation stopped
        Optional<Instant> stoppedAt = memory.cursor() == null ? Optional.empty() : set.pattern().match(memory.cursor());
        if (stoppedAt.isPresent()) {
            while (start < rest.size() && !rest.get(start).period().isAfter(stoppedAt.get())) start++;
            if (start == rest.size()) start = 0;
        }
        String cursor = memory.cursor();
        long budget = options.readBudget() - chosen.stream().mapToLong(BackupObject::size).sum();
        for (int i = 0; i < rest.size(); i++) {
            BackupObject o = rest.get((start + i) % rest.size());
            if (i >= share && o.size() > budget) break;
            budget -= o.size();
            chosen.add(o);
            cursor = o.name();
        }
        return new Selection(List.copyOf(chosen), cursor);
    }

    private void posture(BackupSet set, List<Problem> problems, Map<String, Object> details) {
        try {
            Optional<BucketPosture> posture = store.posture(set.base());
            posture.ifPresent(p -> PostureCheck.run(set, p, problems, details));
        } catch (ObjectStoreException e) {
            problems.add(Problem.error(Problem.Check.POSTURE, null, Causes.phrase(e)));
        } catch (IOException e) {
            problems.add(Problem.error(Problem.Check.POSTURE, null, "cannot read the bucket's settings: " + Causes.phrase(e)));
        }
    }

    private static BackupMemory remember(BackupSet set, BackupMemory memory, Reads reads) {
        Instant oldest = set.objects().get(0).period();
        Instant earliest = memory.earliest() == null || oldest.isBefore(memory.earliest()) ? oldest : memory.earliest();
        if (set.config().retention() != null) {
            Instant promised = set.now().minus(set.config().retention());
            if (earliest.isBefore(promised)) earliest = oldest.isBefore(promised) ? oldest : promised; // slide with retention
        }
        Map<String, Long> sizes = new HashMap<>(memory.sizes());
        set.objects().forEach(o -> sizes.put(o.name(), o.size()));
        return new BackupMemory(earliest, BackupMemory.newestSizes(sizes, set.pattern()), reads.cursor(), reads.failing(), set.now());
    }

    private static String okMessage(BackupSet set, Map<String, Object> details) {
        BackupObject newest = set.newest();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> reads = (List<Map<String, Object>>) details.getOrDefault("read", Collections.emptyList());
        long archived = reads.stream().filter(r -> BackupReader.ARCHIVED.equals(r.get("restore"))).count();
        return set.objects().size() + " backup" + (set.objects().size() == 1 ? "" : "s") + ", newest " + newest.name() + " "
                + Durations.human(Duration.between(set.dataTime(newest), set.now())) + " old ("
                + Sizes.human(newest.size()) + "); " + (reads.size() - archived) + " read in full"
                + (archived == 0 ? "" : ", " + archived + " archived (content not read)") + (reads.isEmpty() ? "" : ", " + describe(reads.get(0)));
    }

    private static String describe(Map<String, Object> read) {
        Object restore = read.get("restore");
        if (BackupReader.ARCHIVED.equals(restore)) {
            return read.get("object") + " is " + BackupReader.ARCHIVED.replace("archived:", "archived in " + read.get("storageClass") + ":")
                    + (read.get("restoreRequest") == null ? "" : "; restore " + read.get("restoreRequest"));
        }
        String how = restore instanceof Map<?, ?> m && m.get("restore") != null ? String.valueOf(m.get("restore")) : "read";
        Object sums = read.get("checksums");
        String checked = sums instanceof Map<?, ?> s && !s.isEmpty() ? ", checksums ok" : ", no checksum to compare";
        String summary = restore instanceof Map<?, ?> m && m.get("summary") != null ? " (" + m.get("summary") + ")" : "";
        String note = restore instanceof Map<?, ?> m && m.get("note") != null ? "; note: " + m.get("note") : "";
        return how + " ok" + summary + checked + note;
    }
}
