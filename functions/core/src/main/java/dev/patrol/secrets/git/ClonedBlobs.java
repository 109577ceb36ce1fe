package dev.patrol.secrets.git;

import dev.patrol.secrets.detect.Hit;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.ObjectId;

/**
 * The blobs of a fresh clone, examined while JGit's pack parser receives and
 * resolves them ({@link SweepingPackParser}): detection runs on worker threads, on
 * the core the single-threaded clone leaves free, and the sweep after the clone
 * takes each blob's hits from here instead of reading the pack again. Which blobs
 * were seen and their hits are kept, never their bytes; blobs wait for a worker
 * within the same byte budget as a pack pass's, so a fast clone is held back
 * rather than memory filled. Blobs over the size limit are counted, not examined,
 * as a pack pass does.
 *
 * <p>Made by {@link HistoryScanner#clonedBlobs()}, given to
 * {@link RepoSource#open(String, String, java.nio.file.Path, ScanProgress, ClonedBlobs)}, and
 * closed with the repository it opened.
 */
public final class ClonedBlobs implements BlobReader.Prescan, AutoCloseable {

    private record Item(ObjectId id, byte[] data) {}

    private static final Item END = new Item(null, null);

    private final Supplier<BlobReader> examiner;
    private final long maxBytes;
    private final int threads;
    private final Semaphore budget = new Semaphore(BlobReader.QUEUE_KB);
    private final BlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private final List<Thread> workers = new ArrayList<>();
    private final Set<ObjectId> seen = ConcurrentHashMap.newKeySet();
    private final Set<ObjectId> tooLarge = ConcurrentHashMap.newKeySet();
    private final Map<ObjectId, List<Hit>> hits = new ConcurrentHashMap<>();
    private volatile Throwable failure;
    private BlobReader reader; // guarded by this
    private volatile boolean received;
    private boolean finished; // guarded by workers

    /** {@code examiner}: the detector and the counts, asked for once, when the first blob arrives (the rules may still be loading). */
    ClonedBlobs(Supplier<BlobReader> examiner, long maxBytes, int threads) {
        this.examiner = examiner;
        this.maxBytes = maxBytes;
        this.threads = Math.max(1, threads);
    }

    long maxBytes() {
        return maxBytes;
    }

    /** A blob's whole content, from the parser's thread; waits while the workers are a budget behind. */
    void blob(AnyObjectId id, byte[] data) {
        if (data.length > maxBytes) {
            tooLarge(id);
            return;
        }
        start();
        budget.acquireUninterruptibly(BlobReader.kb(data));
        queue.add(new Item(id.copy(), data));
    }

    /** A blob over the size limit: noted, as a pack pass notes it, and not examined. */
    void tooLarge(AnyObjectId id) {
        start();
        tooLarge.add(id.copy());
    }

    private void start() {
        if (received) return;
        synchronized (workers) {
            if (received || finished) return;
            for (int t = 0; t < threads; t++) {
                Thread w = new Thread(this::work, "patrol-clone-detector");
                w.setDaemon(true);
                w.start();
                workers.add(w);
            }
            received = true;
        }
    }

    private synchronized BlobReader reader() {
        if (reader == null) reader = examiner.get();
        return reader;
    }

    private void work() {
        long cpu = BlobReader.CPU.getCurrentThreadCpuTime();
        BlobReader r = null;
        try {
            for (Item item; (item = queue.take()) != END; ) {
                try {
                    if (failure == null) {
                        if (r == null) r = reader();
                        List<Hit> found = r.examine(item.data(), null);
                        if (found != null) hits.put(item.id(), found);
                        seen.add(item.id());
                    }
                } catch (Throwable e) {
                    // kept for the sweep; the queue is still drained, so the clone never waits on a dead worker
                    if (failure == null) failure = e;
                } finally {
                    budget.release(BlobReader.kb(item.data()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (r != null) r.detectNanos.addAndGet(BlobReader.CPU.getCurrentThreadCpuTime() - cpu);
        }
    }

    /** Whether the clone's parser showed any blob here. */
    boolean received() {
        return received;
    }

    /**
     * Waits for the workers to examine what is queued; then the counts (blobs scanned,
     * binary, too large) are in {@link #counts()}. For after a clone that succeeded.
     */
    void finish() throws IOException {
        if (!stop()) return;
        try {
            for (Thread w : workers) w.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        Throwable f = failure;
        if (f instanceof RuntimeException r) throw r;
        if (f instanceof Error e) throw e;
        if (f != null) throw new IllegalStateException("blob scan failed", f);
        BlobReader r = reader();
        r.skippedLarge.addAndGet(tooLarge.size());
        r.tooLarge.addAll(tooLarge);
        for (ObjectId id : tooLarge) seen.add(id);
    }

    /** What the workers counted, for the sweep's stats; after {@link #finish()}. */
    BlobReader counts() {
        return reader();
    }

    /** Tells the workers to end once the queue is done; false when already told. */
    private boolean stop() {
        synchronized (workers) {
            if (finished) return false;
            finished = true;
            for (int t = 0; t < workers.size(); t++) queue.add(END);
            return true;
        }
    }

    @Override
    public boolean covered(Introductions.Blob b, List<Hit>[] into) {
        if (!seen.contains(b)) return false;
        into[b.index] = hits.get(b);
        return true;
    }

    /** Lets the workers end (after a failed clone, or a sweep that did not need them). */
    @Override
    public void close() {
        stop();
    }
}
