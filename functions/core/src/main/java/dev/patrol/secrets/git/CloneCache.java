package dev.patrol.secrets.git;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * The folder where clones of remote repositories are kept between sweeps, bounded in size:
 * after a clone or fetch, the least recently used other clones are deleted until all of them
 * fit in {@link #limit()}. In Lambda that folder is {@code /tmp}, which is all the disk a
 * function has (512 MB, and only that with SnapStart, up to 10 GB without): a clone that
 * filled it would fail every later sweep, and the function's own work, for good.
 *
 * <p>The limit is {@code PATROL_CLONE_CACHE_MB} when set, else three quarters of the file
 * system the folder is on, which leaves room for a sweep's temporary files.
 *
 * <p>A clone in use is never deleted, even when it alone is over the limit: the one just used,
 * and any other a sweep holds a {@link #inUse lease} on, in this process or another (an
 * organisation's repositories are swept two at a time, and a cron run may overlap another).
 * The lease is a shared lock on {@code NAME.git.lease} beside the clone; eviction takes it
 * exclusively, without waiting, and passes over a clone whose lock it cannot get.
 *
 * <p>The cache keeps a running total: each clone is measured when it is used, and one that
 * appears in the folder unknown (another process's) when first seen, so an organisation sweep
 * walks each clone once rather than the whole cache after every clone. A clone another process
 * fetches into is counted at its size when this process last measured it.
 */
public final class CloneCache {
    private static final Map<Path, CloneCache> SHARED = new ConcurrentHashMap<>();

    /** The clones this process is using, with how many sweeps use each; JVM-wide, as file locks are held per process. */
    private static final Map<Path, Use> IN_USE = new HashMap<>(); // guarded by itself
    /** The clones this process is deleting: a lease on one waits until it is gone. */
    private static final Set<Path> EVICTING = new HashSet<>(); // guarded by IN_USE

    private final Path dir;
    private final long limit;
    private final Map<Path, Entry> known = new HashMap<>(); // guarded by this
    private long total; // guarded by this
    private long measured; // guarded by this

    public CloneCache(Path dir, long limit) {
        this.dir = dir.toAbsolutePath().normalize();
        this.limit = limit;
    }

    /** The cache at {@code dir}, one per folder in a process, with the limit from the environment or the disk. */
    public static CloneCache at(Path dir) {
        return SHARED.computeIfAbsent(dir.toAbsolutePath().normalize(), CloneCache::fromEnvironment);
    }

    private static CloneCache fromEnvironment(Path dir) {
        String mb = System.getenv("PATROL_CLONE_CACHE_MB");
        if (mb != null && !mb.isBlank()) {
            try {
                return new CloneCache(dir, Long.parseLong(mb.trim()) << 20);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("PATROL_CLONE_CACHE_MB must be a whole number of megabytes, got '" + mb + "'", e);
            }
        }
        try {
            Path existing = dir;
            while (existing != null && !Files.exists(existing)) existing = existing.getParent();
            long disk = existing == null ? Long.MAX_VALUE : Files.getFileStore(existing).getTotalSpace();
            return new CloneCache(dir, disk / 4 * 3);
        } catch (IOException e) {
            return new CloneCache(dir, Long.MAX_VALUE);
        }
    }

    public long limit() {
        return limit;
    }

    /** How many clones this cache has walked to measure them: once per use, not the whole cache each time. */
    synchronized long clonesMeasured() {
        return measured;
    }

    /** Marks {@code clone} as just used and deletes the least recently used others not in use until the cache fits. */
    public synchronized List<Path> used(Path clone, Instant now) {
        Path self = clone.toAbsolutePath().normalize();
        try {
            Files.setLastModifiedTime(self, FileTime.from(now));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot mark clone " + clone + " as used", e);
        }
        forget(self); // it changed: the listing below measures it again, the only walk of a known clone
        refresh();
        List<Path> evicted = new ArrayList<>();
        if (total <= limit) return evicted;
        List<Entry> oldestFirst = new ArrayList<>(known.values());
        oldestFirst.sort(Comparator.comparing(Entry::used));
        for (Entry e : oldestFirst) {
            if (total <= limit) break;
            if (e.path().equals(self) || !evict(e.path())) continue;
            forget(e.path());
            evicted.add(e.path());
        }
        return evicted;
    }

    private record Entry(Path path, long bytes, Instant used) {}

    /** Drops clones deleted meanwhile and adds those made by others: one listing of the folder, no walk of known clones. */
    private void refresh() {
        if (!Files.isDirectory(dir)) {
            known.clear();
            total = 0;
            return;
        }
        Set<Path> present = new HashSet<>();
        try (Stream<Path> children = Files.list(dir)) {
            for (Path child : children.filter(Files::isDirectory).toList()) {
                present.add(child);
                if (!known.containsKey(child)) {
                    try {
                        remember(child, Files.getLastModifiedTime(child).toInstant());
                    } catch (NoSuchFileException gone) {
                        // evicted by another sweep meanwhile
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list clones in " + dir, e);
        }
        for (Path gone : new ArrayList<>(known.keySet())) if (!present.contains(gone)) forget(gone);
    }

    private void remember(Path clone, Instant used) {
        long bytes = size(clone);
        measured++;
        known.put(clone, new Entry(clone, bytes, used));
        total += bytes;
    }

    private void forget(Path clone) {
        Entry e = known.remove(clone);
        if (e != null) total -= e.bytes();
    }

    /**
     * Marks {@code clone} as in use until the lease is closed: no cache in this process or another deletes it
     * meanwhile. Waits while this process or another is deleting it (the sweep then clones it again).
     */
    public static Lease inUse(Path clone) {
        Path key = clone.toAbsolutePath().normalize();
        Use use;
        synchronized (IN_USE) {
            while (EVICTING.contains(key)) {
                try {
                    IN_USE.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for clone " + key + " to be deleted", e);
                }
            }
            use = IN_USE.computeIfAbsent(key, Use::new);
            use.holders++;
        }
        Lease lease = new Lease(use);
        try {
            use.lock();
        } catch (IOException e) {
            lease.close();
            throw new UncheckedIOException("cannot mark clone " + key + " as in use", e);
        }
        return lease;
    }

    /** One sweep's hold on a clone; closing it (once) lets the cache delete the clone again. */
    public static final class Lease implements AutoCloseable {
        private final Use use;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Lease(Use use) {
            this.use = use;
        }

        @Override
        public void close() {
            if (!closed.compareAndSet(false, true)) return;
            synchronized (IN_USE) {
                if (--use.holders > 0) return;
                IN_USE.remove(use.clone);
                // under IN_USE: a new lease on this clone must not lock the file before this lock is gone
                use.unlock();
            }
        }
    }

    /** The sweeps of this process using one clone, and the shared lock that tells other processes so. */
    private static final class Use {
        private final Path clone;
        private int holders; // guarded by IN_USE
        private FileChannel channel; // guarded by this

        Use(Path clone) {
            this.clone = clone;
        }

        synchronized void lock() throws IOException {
            if (channel != null) return;
            FileChannel c = FileChannel.open(leaseFile(clone), StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE);
            try {
                c.lock(0, Long.MAX_VALUE, true);
            } catch (IOException | RuntimeException e) {
                c.close();
                throw e;
            }
            channel = c;
        }

        synchronized void unlock() {
            if (channel == null) return;
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing releases the lock in any case
            }
            channel = null;
        }
    }

    private static Path leaseFile(Path clone) {
        return clone.resolveSibling(clone.getFileName() + ".lease");
    }

    /** Deletes {@code clone} unless a sweep here or in another process holds a lease on it. */
    private static boolean evict(Path clone) {
        synchronized (IN_USE) {
            if (IN_USE.containsKey(clone) || !EVICTING.add(clone)) return false;
        }
        try (FileChannel c = FileChannel.open(leaseFile(clone), StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE)) {
            FileLock exclusive = c.tryLock();
            if (exclusive == null) return false; // another process is sweeping it
            deleteTree(clone);
            return true;
        } catch (IOException | OverlappingFileLockException e) {
            return false;
        } finally {
            synchronized (IN_USE) {
                EVICTING.remove(clone);
                IN_USE.notifyAll();
            }
        }
    }

    /**
     * The bytes of the files under {@code tree}. Another sweep may be writing that clone at the same
     * time (its lock files come and go): what vanishes between listing and reading is not counted.
     */
    private static long size(Path tree) {
        long[] bytes = {0};
        try {
            Files.walkFileTree(tree, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) bytes[0] += attrs.size();
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // what cannot be walked counts as what was read of it
        }
        return bytes[0];
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException ignored) {
            // what cannot be deleted now is tried again after the next sweep
        }
    }
}
