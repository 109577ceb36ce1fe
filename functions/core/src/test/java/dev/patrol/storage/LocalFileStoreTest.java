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
}
