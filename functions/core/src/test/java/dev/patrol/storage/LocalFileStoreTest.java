package dev.patrol.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFileStoreTest extends ObjectStoreContract {
    @TempDir
    Path tmp;
    private final AtomicInteger n = new AtomicInteger();
    private final LocalFileStore store = new LocalFileStore();

    @Override
    protected ObjectStore store() {
        return store;
    }

    @Override
    protected String freshLocation() {
        return tmp.resolve("f" + n.incrementAndGet()).toString() + "/";
    }

    @Test
    void servesPathsAndFileUrlsButNotBuckets() {
        assertThat(store.handles("/var/backups/x")).isTrue();
        assertThat(store.handles("./backups/")).isTrue();
        assertThat(store.handles("file:///var/backups/x")).isTrue();
        assertThat(store.handles("s3://bucket/x")).isFalse();
        assertThat(store.posture("/var/backups")).isEmpty();
    }

    @Test
    void fileUrlsListInTheFormTheyWereAskedFor() throws Exception {
        String folder = freshLocation();
        put(folder + "a.csv", "x");
        try (var listing = store.list("file://" + folder)) {
            assertThat(listing.map(ObjectInfo::location).toList()).containsExactly("file://" + folder + "a.csv");
        }
    }

    @Test
    void halfWrittenObjectsAreNeverVisible() throws Exception {
        String where = freshLocation() + "x.bin";
        java.io.InputStream failing = new java.io.InputStream() {
            int left = 10_000;

            @Override
            public int read() throws java.io.IOException {
                if (left-- <= 0) throw new java.io.IOException("source broke");
                return 1;
            }
        };
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.put(where, failing, -1)).hasMessageContaining("source broke");
        assertThat(store.stat(where)).isEmpty();
        try (var files = Files.list(Path.of(where).getParent())) {
            assertThat(files.count()).isZero();
        }
    }

    @Test
    void partialCopiesThatKilledWritersLeftAreRemovedByTheNextWrite() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("backups"));
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        long me = ProcessHandle.current().pid();
        Path killed = old(dir.resolve(".deals.csv." + gone.pid() + ".123.patrol-tmp"));
        Path legacy = old(dir.resolve(".deals.csv4567.patrol-tmp"));
        Path writing = old(dir.resolve(".deals.csv." + me + ".456.patrol-tmp"));
        Path otherFile = old(dir.resolve(".deals.csv.gz." + gone.pid() + ".789.patrol-tmp"));
        Path fresh = dir.resolve(".deals.csv." + gone.pid() + ".999.patrol-tmp");
        Files.writeString(fresh, "partial");

        put(dir.resolve("deals.csv").toString(), "a,b\n1,2\n");

        assertThat(killed).as("its writer is dead").doesNotExist();
        assertThat(legacy).as("from before pids were in the name, over an hour old").doesNotExist();
        assertThat(writing).as("its writer (this process) is alive").exists();
        assertThat(otherFile).as("another object's partial copy").exists();
        assertThat(fresh).as("too young to judge: the folder may be shared with another machine").exists();
        assertThat(dir.resolve("deals.csv")).hasContent("a,b\n1,2\n");
    }

    private static Path old(Path file) throws Exception {
        Files.writeString(file, "partial");
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(java.time.Duration.ofHours(2))));
        return file;
    }
}
