package dev.patrol.secrets.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CloneCacheTest {
    static final Instant T0 = Instant.parse("2026-12-03T08:00:00Z");

    @TempDir
    Path dir;

    Path clone(String name, int kb, Instant used) throws Exception {
        Path clone = Files.createDirectories(dir.resolve(name).resolve("objects/pack"));
        Files.write(clone.resolve("pack-1.pack"), new byte[kb * 1024]);
        Files.setLastModifiedTime(dir.resolve(name), FileTime.from(used));
        return dir.resolve(name);
    }

    /** Two sweeps at once (an organisation's repositories): one measures the cache while the other's clone writes and renames lock files. */
    @Test
    void measuringTheCacheWhileAnotherCloneIsBeingWrittenDoesNotFail() throws Exception {
        Path mine = clone("a.git", 4, T0);
        Path busy = clone("b.git", 4, T0);
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread writer = Thread.ofPlatform().start(() -> {
            try {
                while (!stop.get()) {
                    for (int i = 0; i < 50; i++) Files.writeString(busy.resolve("config" + i + ".lock"), "x");
                    for (int i = 0; i < 50; i++) Files.deleteIfExists(busy.resolve("config" + i + ".lock"));
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try {
            for (int i = 0; i < 300; i++) new CloneCache(dir, Long.MAX_VALUE).used(mine, T0);
        } finally {
            stop.set(true);
            writer.join();
        }
        assertThat(mine).exists();
        assertThat(busy).exists();
    }

    @Test
    void theLeastRecentlyUsedClonesGoUntilTheRestFit() throws Exception {
        Path oldest = clone("a.git", 400, T0.minusSeconds(300));
        Path older = clone("b.git", 400, T0.minusSeconds(200));
        Path recent = clone("c.git", 400, T0.minusSeconds(100));
        Path current = clone("d.git", 400, T0.minusSeconds(9_000));

        var evicted = new CloneCache(dir, 900 * 1024).used(current, T0);

        assertThat(evicted).containsExactly(oldest, older);
        assertThat(recent).exists();
        assertThat(current).exists();
    }

    @Test
    void theCloneInUseStaysEvenWhenItAloneIsOverTheLimit() throws Exception {
        Path other = clone("a.git", 10, T0.minusSeconds(10));
        Path big = clone("big.git", 600, T0.minusSeconds(20));

        var evicted = new CloneCache(dir, 500 * 1024).used(big, T0);

        assertThat(evicted).containsExactly(other);
        assertThat(big).exists();
    }

    @Test
    void withinTheLimitNothingIsDeleted() throws Exception {
        Path a = clone("a.git", 10, T0.minusSeconds(10));
        Path b = clone("b.git", 10, T0.minusSeconds(20));

        assertThat(new CloneCache(dir, 1 << 20).used(b, T0)).isEmpty();
        assertThat(a).exists();
    }

    /** An organisation is swept two repositories at a time: one sweep's eviction must not delete the clone the other is reading. */
    @Test
    void aCloneAnotherSweepOfThisProcessIsUsingIsNotEvicted() throws Exception {
        Path reading = clone("a.git", 400, T0.minusSeconds(300));
        Path idle = clone("b.git", 400, T0.minusSeconds(200));
        Path current = clone("c.git", 400, T0.minusSeconds(100));
        CloneCache cache = new CloneCache(dir, 500 * 1024);

        try (CloneCache.Lease lease = CloneCache.inUse(reading)) {
            assertThat(cache.used(current, T0)).containsExactly(idle);
            assertThat(reading).exists();
        }
        // once that sweep is done, its clone is the least recently used and goes
        assertThat(cache.used(current, T0.plusSeconds(1))).containsExactly(reading);
    }

    /** Two sweeps of one clone at once (the same repository in two jobs): it stays until both are done. */
    @Test
    void aCloneStaysInUseUntilTheLastOfItsSweepsIsDone() throws Exception {
        Path shared = clone("a.git", 400, T0.minusSeconds(300));
        Path current = clone("c.git", 400, T0.minusSeconds(100));
        CloneCache cache = new CloneCache(dir, 500 * 1024);

        CloneCache.Lease first = CloneCache.inUse(shared);
        try (CloneCache.Lease second = CloneCache.inUse(shared)) {
            first.close();
            first.close(); // closing twice does not release the other sweep's hold
            assertThat(cache.used(current, T0)).isEmpty();
        }
        assertThat(cache.used(current, T0.plusSeconds(1))).containsExactly(shared);
    }

    /** Another Patrol process (a cron run overlapping the last) sweeping a clone keeps it, through the lock on its lease file. */
    @Test
    void aCloneAnotherProcessIsUsingIsNotEvicted() throws Exception {
        Path theirs = clone("a.git", 400, T0.minusSeconds(300));
        Path idle = clone("b.git", 400, T0.minusSeconds(200));
        Path current = clone("c.git", 400, T0.minusSeconds(100));
        Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HoldLease.class.getName(), theirs.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            var said = new java.io.BufferedReader(new java.io.InputStreamReader(other.getInputStream()));
            assertThat(said.readLine()).isEqualTo("held");

            assertThat(new CloneCache(dir, 500 * 1024).used(current, T0)).containsExactly(idle);
            assertThat(theirs).exists();
        } finally {
            other.getOutputStream().close();
            other.waitFor();
        }
        assertThat(new CloneCache(dir, 500 * 1024).used(current, T0.plusSeconds(1))).containsExactly(theirs);
    }

    /** The other process of {@link #aCloneAnotherProcessIsUsingIsNotEvicted}: holds a lease on its argument until its input ends. */
    public static final class HoldLease {
        public static void main(String[] args) throws Exception {
            try (CloneCache.Lease lease = CloneCache.inUse(Path.of(args[0]))) {
                System.out.println("held");
                System.out.flush();
                System.in.read();
            }
        }
    }

    /** An organisation of 300 repositories cloned one after another: each clone is walked once, not the whole cache after every clone. */
    @Test
    void sweepingAnOrganisationMeasuresEachCloneOnce() throws Exception {
        CloneCache cache = new CloneCache(dir, Long.MAX_VALUE);
        for (int i = 0; i < 300; i++) cache.used(clone("r" + i + ".git", 1, T0.plusSeconds(i)), T0.plusSeconds(i));

        assertThat(cache.clonesMeasured()).isEqualTo(300);
    }

    /** The running total still counts what others do in the folder: a clone another process made, and one it evicted. */
    @Test
    void theRunningTotalFollowsClonesOthersAddAndDelete() throws Exception {
        Path a = clone("a.git", 400, T0.minusSeconds(300));
        CloneCache cache = new CloneCache(dir, 900 * 1024);
        assertThat(cache.used(a, T0.minusSeconds(300))).isEmpty();

        Path theirs = clone("theirs.git", 400, T0.minusSeconds(200));
        Path mine = clone("mine.git", 400, T0.minusSeconds(100));
        assertThat(cache.used(mine, T0.minusSeconds(100))).containsExactly(a);

        deleteTree(theirs);
        Path next = clone("next.git", 400, T0);
        assertThat(cache.used(next, T0)).isEmpty();
        assertThat(mine).exists();
    }

    static void deleteTree(Path tree) throws java.io.IOException {
        try (var s = Files.walk(tree)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    @Test
    void withoutASettingTheLimitIsThreeQuartersOfTheDisk() throws Exception {
        long total = Files.getFileStore(dir).getTotalSpace();
        assertThat(CloneCache.at(dir.resolve("patrol-clones")).limit()).isEqualTo(total / 4 * 3);
    }
}
