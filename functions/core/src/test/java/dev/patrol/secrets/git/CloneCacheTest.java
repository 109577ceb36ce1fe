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

    @Test
    void withoutASettingTheLimitIsThreeQuartersOfTheDisk() throws Exception {
        long total = Files.getFileStore(dir).getTotalSpace();
        assertThat(CloneCache.at(dir.resolve("patrol-clones")).limit()).isEqualTo(total / 4 * 3);
    }
}
