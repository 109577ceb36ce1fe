package dev.patrol.secrets.git;

import java.io.IOException;
import java.util.zip.Inflater;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;

/**
 * Inflates a pack pass's objects, in the pass's order, on a thread of its own, so that the pass
 * itself only applies deltas and makes keyword occurrences: an object's inflation depends on the
 * pack's bytes alone, and it was a third of the pass's CPU on the sweep's longest path.
 *
 * <p>What is inflated waits within a budget of bytes, so memory stays bounded however far ahead
 * this thread runs. Objects are handed over a batch at a time, and the pass gives the budget back a
 * batch at a time: a thread woken for every object costs a system call each (measured in the pass:
 * ~40 ms for 17,000 blobs).
 */
final class InflateAhead implements AutoCloseable {

    /**
     * Inflates one object of the pass, with this thread's inflater: its bytes (a delta's are the
     * delta), or null when it is not to be inflated.
     */
    interface Inflate {
        byte[] at(int step, Inflater inflater) throws IOException;
    }

    /** Objects handed over at once, at most, or this many KB. */
    private static final int BATCH = 32;
    private static final int BATCH_KB = 256;
    /** What it holds when the young generation is collected is copied: 4 MB, as the detector workers' queue (2 MB: the pass waited for it ~40 ms a sweep). */
    private static final int BUDGET_KB = 4 * 1024;

    /** One batch: for each step, its bytes, null, or the IOException its inflation threw. */
    private record Batch(Object[] items, int count, int kb) {}

    private static final Batch END = new Batch(new Object[0], 0, 0);

    private final BlockingQueue<Batch> queue = new LinkedBlockingQueue<>();
    private final Semaphore budget = new Semaphore(BUDGET_KB);
    private final Thread thread;
    private Batch current = new Batch(new Object[0], 0, 0);
    private int next;

    InflateAhead(int steps, Inflate inflate) {
        thread = new Thread(() -> run(steps, inflate), "patrol-pack-inflater");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(int steps, Inflate inflate) {
        Object[] items = new Object[BATCH];
        int count = 0;
        int kb = 0;
        Inflater inflater = new Inflater();
        boolean ended = false;
        try {
            for (int s = 0; s < steps && !Thread.currentThread().isInterrupted(); s++) {
                Object item;
                try {
                    item = inflate.at(s, inflater);
                } catch (IOException | RuntimeException e) {
                    item = e; // the pass fails with it when it reaches this object, as it would have inflating it itself
                }
                int need = item instanceof byte[] b ? BlobReader.kb(b) : 0;
                if (!budget.tryAcquire(need)) {
                    // what this batch holds of the budget must reach the pass before waiting for more
                    if (count > 0) queue.put(new Batch(items, count, kb));
                    items = new Object[BATCH];
                    count = 0;
                    kb = 0;
                    budget.acquire(need);
                }
                items[count++] = item;
                kb += need;
                if (count == BATCH || kb >= BATCH_KB) {
                    queue.put(new Batch(items, count, kb));
                    items = new Object[BATCH];
                    count = 0;
                    kb = 0;
                }
            }
            if (count > 0) queue.put(new Batch(items, count, kb));
            queue.put(END);
            ended = true;
        } catch (InterruptedException e) {
            // the pass ended early (it failed, or was interrupted): nothing more is wanted
        } finally {
            inflater.end();
            if (!ended) queue.offer(END); // (the queue is unbounded) a pass still waiting fails instead of waiting for ever
        }
    }

    /**
     * The next step's inflation, in order: read it with {@link #bytes}, at the point where the pass
     * would have inflated the object itself, so that a failure counts only where it did before.
     */
    Object next() throws IOException, InterruptedException {
        if (next == current.count()) {
            budget.release(current.kb());
            current = queue.take();
            next = 0;
            if (current == END) throw new IOException("the pack could not be read ahead"); // its thread failed
        }
        Object item = current.items()[next];
        current.items()[next++] = null;
        return item;
    }

    /** A step's bytes (null: not inflated), or the failure its inflation met. */
    static byte[] bytes(Object inflated) throws IOException {
        if (inflated instanceof IOException e) throw e;
        if (inflated instanceof RuntimeException e) throw e;
        return (byte[]) inflated;
    }

    /** Stops the thread and waits for it, so that nothing reads the pack after the pass has closed it. */
    @Override
    public void close() {
        thread.interrupt();
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }
}
