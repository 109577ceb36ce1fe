package dev.patrol.secrets.git;

import dev.patrol.secrets.detect.Detector;
import dev.patrol.secrets.detect.Hit;
import dev.patrol.secrets.detect.KeywordEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jgit.errors.LargeObjectException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.internal.storage.file.Pack;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;

/**
 * Reads each distinct blob once and runs the detector on it, on a few threads.
 *
 * <p>Blobs are read in the order they sit in their pack file, not in history
 * order: consecutive reads then hit the same pack window and delta bases
 * (measured: the largest single speed-up). The size comes from the object header
 * before anything is inflated, so a blob over the limit is never read; binary
 * files are recognised by name or by a NUL byte near the start.
 */
final class BlobReader {

    private static final Set<String> BINARY_EXTENSIONS = Set.of(
            "png", "jpg", "jpeg", "gif", "bmp", "ico", "webp", "tiff", "psd", "pdf", "zip", "gz", "tgz", "bz2", "xz",
            "7z", "rar", "jar", "war", "ear", "class", "so", "dll", "exe", "dylib", "a", "o", "bin", "woff", "woff2",
            "ttf", "otf", "eot", "mp3", "mp4", "mov", "avi", "wav", "flac", "ogg", "webm", "parquet", "avro", "pyc",
            "sqlite", "db", "iso", "dmg");
    private static final int CHUNK = 64;
    /**
     * Bytes of read blobs waiting for a detector, in KB. The detectors set the pace, so a
     * longer queue only holds more: everything in it when the young generation is collected is
     * copied and kept in the old one (64 MB here took a sweep of 20,000 commits from 470 MB
     * to 810 MB of RSS, and was no faster).
     */
    static final int QUEUE_KB = 4 * 1024;
    /** Blobs handed to a detector worker at once, at most: up to 16 blobs or 256 KB. */
    private static final int BATCH = 16;
    private static final int BATCH_KB = 256;
    /** Bytes of delta bases a pack pass keeps for the deltas still to come: a quarter of the heap, at most 128 MB. */
    private static final long KEPT_BASES = Math.min(128L << 20, Runtime.getRuntime().maxMemory() / 4);
    /** CPU time, not wall time: on a shared machine only CPU time says where the work goes. */
    static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    private final Repository repo;
    private final Detector detector;
    private final long maxBytes;
    private final int threads;
    /** Whether pack passes hand on keyword occurrences made from delta bases (see {@link PackPass}); off only to compare. */
    private final boolean followDeltas;

    final AtomicLong bytes = new AtomicLong();
    final AtomicInteger scanned = new AtomicInteger();
    final AtomicInteger skippedBinary = new AtomicInteger();
    final AtomicInteger skippedLarge = new AtomicInteger();
    final AtomicInteger skippedMissing = new AtomicInteger();
    /** Which blobs were over the size limit or missing: reports name them ({@link Unread}). */
    final java.util.Set<ObjectId> tooLarge = java.util.concurrent.ConcurrentHashMap.newKeySet();
    final java.util.Set<ObjectId> missing = java.util.concurrent.ConcurrentHashMap.newKeySet();
    final AtomicLong readNanos = new AtomicLong();
    final AtomicLong detectNanos = new AtomicLong();

    BlobReader(Repository repo, Detector detector, long maxBytes, int threads) {
        this(repo, detector, maxBytes, threads, true);
    }

    BlobReader(Repository repo, Detector detector, long maxBytes, int threads, boolean followDeltas) {
        this.followDeltas = followDeltas;
        this.repo = repo;
        this.detector = detector;
        this.maxBytes = maxBytes;
        this.threads = Math.max(1, threads);
    }

    /** Blobs examined before the walk said which matter: a full sweep wants nearly all of them. */
    interface Prescan {
        /** True, with the blob's hits stored in {@code into}, when the prescan covered it. */
        boolean covered(Introductions.Blob b, List<Hit>[] into);
    }

    /** Adds what {@code other} counted (another reader's blobs, examined for this sweep) to this reader's counts. */
    void countAlso(BlobReader other) {
        bytes.addAndGet(other.bytes.get());
        scanned.addAndGet(other.scanned.get());
        skippedBinary.addAndGet(other.skippedBinary.get());
        skippedLarge.addAndGet(other.skippedLarge.get());
        skippedMissing.addAndGet(other.skippedMissing.get());
        tooLarge.addAll(other.tooLarge);
        missing.addAll(other.missing);
        readNanos.addAndGet(other.readNanos.get());
        detectNanos.addAndGet(other.detectNanos.get());
    }

    /**
     * Every blob of every pack, scanned before the walk: this lets reading overlap
     * the walk. Which blobs were scanned is kept as bits per pack; hits by blob id.
     */
    final class PackPrescan implements Prescan {
        private final List<PackPass> passes = new ArrayList<>();
        private final List<java.util.BitSet> scanned = new ArrayList<>();
        private final Map<ObjectId, List<Hit>> hits = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public boolean covered(Introductions.Blob b, List<Hit>[] into) {
            for (int i = 0; i < passes.size(); i++) {
                long offset = passes.get(i).offsetOf(b);
                if (offset < 0) continue;
                if (!scanned.get(i).get(passes.get(i).ordinal(offset))) return false;
                into[b.index] = hits.get(b);
                return true;
            }
            return false;
        }
    }

    /** Scans every blob in the repository's packs (see {@link Prescan}); null when the repository has no packs. */
    Prescan prescanPacks(ScanProgress progress) throws IOException {
        if (!(repo.getObjectDatabase() instanceof ObjectDirectory odb) || odb.getPacks().isEmpty()) return null;
        PackPrescan prescan = new PackPrescan();
        List<PackPass> passes = new ArrayList<>();
        List<long[]> blobsOf = new ArrayList<>();
        long total = 0;
        for (Pack pack : odb.getPacks()) {
            PackPass pass = new PackPass(pack, maxBytes, KEPT_BASES, followDeltas ? detector : null);
            passes.add(pass);
            blobsOf.add(pass.blobOffsets());
            total += blobsOf.getLast().length;
        }
        AtomicLong done = new AtomicLong();
        long all = total;
        for (int i = 0; i < passes.size(); i++) {
            PackPass pass = passes.get(i);
            java.util.BitSet scannedHere = new java.util.BitSet();
            long[] blobs = blobsOf.get(i);
            passWithWorkers(pass, blobs, (offset, found) -> {
                synchronized (scannedHere) {
                    scannedHere.set(pass.ordinal(offset));
                }
                if (found != null) prescan.hits.put(pass.idAt(offset), found);
            }, n -> progress.update(ScanProgress.Phase.BLOBS, done.addAndGet(n), all));
            // What the pass could not read stays unmarked, and is read later through JGit.
            prescan.passes.add(pass);
            prescan.scanned.add(scannedHere);
        }
        return prescan;
    }

    /** Scans the blobs; returns hits by blob index (null where none). Blobs the prescan covered are not read again. */
    List<Hit>[] scan(List<Introductions.Blob> blobs, List<String> paths, Prescan prescan, ScanProgress progress) throws IOException {
        @SuppressWarnings("unchecked")
        List<Hit>[] hits = new List[blobs.size()];
        List<Introductions.Blob> wanted = new ArrayList<>();
        for (Introductions.Blob b : blobs) {
            if (prescan != null && prescan.covered(b, hits)) continue;
            if (binaryByName(paths.get(b.path))) {
                skippedBinary.incrementAndGet();
            } else {
                wanted.add(b);
            }
        }
        AtomicInteger done = new AtomicInteger();
        java.util.function.IntConsumer p = n -> progress.update(ScanProgress.Phase.BLOBS, done.addAndGet(n), wanted.size());
        List<Introductions.Blob> rest = repo.getObjectDatabase() instanceof ObjectDirectory odb
                ? readPacks(odb, wanted, hits, p)
                : wanted;
        readThroughJGit(inPackOrder(rest), hits, p);
        return hits;
    }

    /** The wanted blobs that sit in packs, one pass per pack; returns the rest (loose objects, thin-pack deltas). */
    private List<Introductions.Blob> readPacks(ObjectDirectory odb, List<Introductions.Blob> wanted, List<Hit>[] hits,
                                               java.util.function.IntConsumer progress) throws IOException {
        List<Introductions.Blob> rest = new ArrayList<>();
        Map<Pack, Map<Long, Introductions.Blob>> byPack = new java.util.LinkedHashMap<>();
        List<Pack> packs = new ArrayList<>(odb.getPacks());
        for (Introductions.Blob b : wanted) {
            boolean placed = false;
            for (Pack pack : packs) {
                long offset = pack.getIndex().findOffset(b);
                if (offset >= 0) {
                    byPack.computeIfAbsent(pack, x -> new java.util.HashMap<>()).put(offset, b);
                    placed = true;
                    break;
                }
            }
            if (!placed) rest.add(b);
        }
        for (var e : byPack.entrySet()) {
            Map<Long, Introductions.Blob> at = e.getValue();
            long[] targets = at.keySet().stream().mapToLong(Long::longValue).toArray();
            PackPass pass = new PackPass(e.getKey(), maxBytes, KEPT_BASES, followDeltas ? detector : null);
            for (long offset : passWithWorkers(pass, targets, (offset, found) -> hits[at.get(offset).index] = found, progress)) {
                rest.add(at.get(offset));
            }
        }
        return rest;
    }

    /** Receives the detector's result for the blob at an offset (null: nothing found, binary, or too large). */
    private interface Found {
        void at(long offset, List<Hit> hits);
    }

    /**
     * Runs one pack pass on this thread while {@code threads} workers run the
     * detector; returns the offsets the pass could not read.
     */
    private List<Long> passWithWorkers(PackPass pass, long[] targets, Found found, java.util.function.IntConsumer progress)
            throws IOException {
        // Blobs wait for a worker within a budget of bytes, so memory stays bounded however fast the pass runs.
        java.util.concurrent.Semaphore budget = new java.util.concurrent.Semaphore(QUEUE_KB);
        // Blobs go to the workers a batch at a time: a worker that waits on an empty queue is woken by a
        // system call, and one a blob was 40 ms of the pass's thread, the sweep's longest path (5,000 commits).
        java.util.concurrent.BlockingQueue<List<Object[]>> queue = new java.util.concurrent.LinkedBlockingQueue<>();
        List<Object[]> end = new ArrayList<>();
        ExecutorService pool = pool();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    long cpu = CPU.getCurrentThreadCpuTime();
                    try {
                        for (List<Object[]> batch; (batch = queue.take()) != end; ) {
                            for (Object[] item : batch) {
                                byte[] data = (byte[]) item[1];
                                found.at((Long) item[0], examine(data, (KeywordEvents) item[2]));
                                budget.release(kb(data));
                                progress.accept(1);
                            }
                        }
                    } finally {
                        // Per worker rather than per blob: reading a thread's CPU clock is a system call.
                        detectNanos.addAndGet(CPU.getCurrentThreadCpuTime() - cpu);
                    }
                    return null;
                }));
            }
            class Batching implements PackPass.Sink {
                List<Object[]> batch = new ArrayList<>(BATCH);
                int batchKb;

                @Override
                public void blob(long offset, byte[] content, KeywordEvents events) throws InterruptedException {
                    int kb = kb(content);
                    if (!budget.tryAcquire(kb)) {
                        flush(); // what this batch holds of the budget must reach the workers before waiting for more
                        budget.acquire(kb);
                    }
                    batch.add(new Object[] {offset, content, events});
                    batchKb += kb;
                    if (batch.size() == BATCH || batchKb >= BATCH_KB) flush();
                }

                void flush() throws InterruptedException {
                    if (batch.isEmpty()) return;
                    queue.put(batch);
                    batch = new ArrayList<>(BATCH);
                    batchKb = 0;
                }

                @Override
                public void tooLarge(long offset) {
                    skippedLarge.incrementAndGet();
                    tooLarge.add(pass.idAt(offset).copy());
                    found.at(offset, null);
                    progress.accept(1);
                }
            }
            Batching sink = new Batching();
            long cpu = CPU.getCurrentThreadCpuTime();
            List<Long> left;
            try {
                left = pass.read(targets, sink);
            } finally {
                sink.flush();
                for (int t = 0; t < threads; t++) queue.put(end);
                readNanos.addAndGet(CPU.getCurrentThreadCpuTime() - cpu);
            }
            await(workers);
            return left;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Waits for the workers; a worker's failure becomes the sweep's failure. */
    private static void await(List<Future<?>> workers) throws IOException {
        try {
            for (Future<?> f : workers) f.get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException u) throw u.getCause();
            throw new IllegalStateException("blob scan failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    static int kb(byte[] data) {
        return Math.min(QUEUE_KB, data.length / 1024 + 1);
    }

    /** The general path: JGit's reader on {@code threads} threads, blobs handed out in chunks. */
    private void readThroughJGit(Introductions.Blob[] order, List<Hit>[] hits, java.util.function.IntConsumer progress) throws IOException {
        if (order.length == 0) return;
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = pool();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    try (ObjectReader reader = repo.newObjectReader()) {
                        for (int start; (start = next.getAndAdd(CHUNK)) < order.length; ) {
                            int end = Math.min(order.length, start + CHUNK);
                            for (int i = start; i < end; i++) hits[order[i].index] = read(reader, order[i]);
                            progress.accept(end - start);
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return null;
                }));
            }
            await(futures);
        } finally {
            pool.shutdownNow();
        }
    }

    private ExecutorService pool() {
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "patrol-blob-reader");
            t.setDaemon(true);
            return t;
        });
    }

    /** Reads one blob through JGit, or counts why it was skipped. */
    List<Hit> read(ObjectReader reader, Introductions.Blob b) throws IOException {
        byte[] data;
        long started = CPU.getCurrentThreadCpuTime();
        try {
            data = load(reader, b);
            if (data == null) {
                skippedLarge.incrementAndGet();
                tooLarge.add(b.copy());
                return null;
            }
        } catch (MissingObjectException e) {
            skippedMissing.incrementAndGet();
            missing.add(b.copy());
            return null;
        } catch (LargeObjectException e) {
            skippedLarge.incrementAndGet();
            tooLarge.add(b.copy());
            return null;
        } finally {
            readNanos.addAndGet(CPU.getCurrentThreadCpuTime() - started);
        }
        started = CPU.getCurrentThreadCpuTime();
        try {
            return examine(data, null);
        } finally {
            detectNanos.addAndGet(CPU.getCurrentThreadCpuTime() - started);
        }
    }

    /** A blob's bytes, or null when it is over the size limit: known from its header, before any inflating. */
    private byte[] load(ObjectReader reader, Introductions.Blob b) throws IOException {
        if (reader.getObjectSize(b, Constants.OBJ_BLOB) > maxBytes) return null;
        return reader.open(b, Constants.OBJ_BLOB).getCachedBytes((int) maxBytes);
    }

    /**
     * Runs the rules that {@code applies} on one blob read through JGit, a second look at a blob
     * already counted in the stats; null when nothing is found, or it is binary or gone.
     */
    List<Hit> examine(ObjectReader reader, Introductions.Blob b, java.util.function.Predicate<dev.patrol.secrets.rules.Rule> applies)
            throws IOException {
        try {
            byte[] data = load(reader, b);
            if (data == null) return null;
            Detector.Examined e = detector.examine(data, data.length, applies);
            return e.binary() || e.hits().isEmpty() ? null : e.hits();
        } catch (MissingObjectException | LargeObjectException e) {
            return null;
        }
    }

    /** Runs the detector on a blob's bytes unless they are binary; {@code events}, when known, spare it the keyword pass. */
    List<Hit> examine(byte[] data, KeywordEvents events) {
        // Blobs are read without their paths (in pack order): rules limited to paths run later, on
        // the blobs at those paths only (see HistoryScanner), instead of on every blob of history.
        Detector.Examined e = detector.examine(data, data.length, r -> r.path() == null, events);
        if (e.binary()) {
            skippedBinary.incrementAndGet();
            return null;
        }
        scanned.incrementAndGet();
        bytes.addAndGet(data.length);
        return e.hits().isEmpty() ? null : e.hits();
    }

    static boolean binaryByName(String path) {
        int dot = path.lastIndexOf('.');
        return dot >= 0 && dot > path.lastIndexOf('/') && BINARY_EXTENSIONS.contains(path.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** Sorts blobs by (pack, offset); loose objects and anything unknown go last. */
    Introductions.Blob[] inPackOrder(Collection<Introductions.Blob> blobs) throws IOException {
        Introductions.Blob[] order = blobs.toArray(Introductions.Blob[]::new);
        if (!(repo.getObjectDatabase() instanceof ObjectDirectory odb)) return order;
        List<Pack> packs = new ArrayList<>(odb.getPacks());
        long[] keys = new long[order.length];
        for (int i = 0; i < order.length; i++) {
            long key = Long.MAX_VALUE;
            for (int p = 0; p < packs.size() && key == Long.MAX_VALUE; p++) {
                long offset = packs.get(p).getIndex().findOffset(order[i]);
                if (offset >= 0) key = ((long) p << 40) | offset;
            }
            keys[i] = key;
        }
        Integer[] idx = new Integer[order.length];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        Arrays.sort(idx, (a, b) -> Long.compare(keys[a], keys[b]));
        Introductions.Blob[] sorted = new Introductions.Blob[order.length];
        for (int i = 0; i < idx.length; i++) sorted[i] = order[idx[i]];
        return sorted;
    }
}
