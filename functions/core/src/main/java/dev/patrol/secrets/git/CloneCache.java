package dev.patrol.secrets.git;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The folder where clones of remote repositories are kept between sweeps, bounded in size:
 * after a clone or fetch, the least recently used other clones are deleted until all of them
 * fit in {@link #limit()}. In Lambda that folder is {@code /tmp}, which is all the disk a
 * function has (512 MB, and only that with SnapStart, up to 10 GB without): a clone that
 * filled it would fail every later sweep, and the function's own work, for good.
 *
 * <p>The limit is {@code PATROL_CLONE_CACHE_MB} when set, else three quarters of the file
 * system the folder is on, which leaves room for a sweep's temporary files. A clone the
 * running sweep uses is never deleted, even when it alone is over the limit.
 */
public final class CloneCache {
    private final Path dir;
    private final long limit;

    public CloneCache(Path dir, long limit) {
        this.dir = dir;
        this.limit = limit;
    }

    /** The cache at {@code dir} with the limit from the environment or the disk. */
    public static CloneCache at(Path dir) {
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
            long total = existing == null ? Long.MAX_VALUE : Files.getFileStore(existing).getTotalSpace();
            return new CloneCache(dir, total / 4 * 3);
        } catch (IOException e) {
            return new CloneCache(dir, Long.MAX_VALUE);
        }
    }

    public long limit() {
        return limit;
    }

    /** Marks {@code clone} as just used and deletes the least recently used others until the cache fits. */
    public List<Path> used(Path clone, Instant now) {
        try {
            Files.setLastModifiedTime(clone, FileTime.from(now));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot mark clone " + clone + " as used", e);
        }
        List<Entry> entries = entries();
        long total = entries.stream().mapToLong(Entry::bytes).sum();
        List<Path> evicted = new ArrayList<>();
        for (Entry e : entries) {
            if (total <= limit) break;
            if (e.path().equals(clone)) continue;
            deleteTree(e.path());
            total -= e.bytes();
            evicted.add(e.path());
        }
        return evicted;
    }

    private record Entry(Path path, long bytes, FileTime used) {}

    /** The clones, least recently used first. */
    private List<Entry> entries() {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> children = Files.list(dir)) {
            List<Entry> entries = new ArrayList<>();
            for (Path child : children.filter(Files::isDirectory).toList()) {
                try {
                    entries.add(new Entry(child, size(child), Files.getLastModifiedTime(child)));
                } catch (java.nio.file.NoSuchFileException gone) {
                    // evicted by another sweep meanwhile
                }
            }
            entries.sort(Comparator.comparing(Entry::used));
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list clones in " + dir, e);
        }
    }

    /**
     * The bytes of the files under {@code tree}. Another sweep may be writing that clone at the same
     * time (its lock files come and go): what vanishes between listing and reading is not counted.
     */
    private static long size(Path tree) throws IOException {
        long[] total = {0};
        Files.walkFileTree(tree, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) total[0] += attrs.size();
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        return total[0];
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException ignored) {
            // what cannot be deleted now is tried again after the next sweep
        }
    }
}
