package dev.patrol.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ObjectStore} must do, run against each implementation (local
 * folders here, S3 against a real S3-compatible server in the adapters). Public so the
 * adapters' tests can extend it.
 */
public abstract class ObjectStoreContract {

    /** The store under test. */
    protected abstract ObjectStore store();

    /** A fresh, empty location (folder or prefix) ending in '/', unique to the calling test. */
    protected abstract String freshLocation();

    protected static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (i * 31 + (i >> 8));
        return b;
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void putThenStatOpenAndRangedOpen() throws Exception {
        String where = freshLocation() + "a/backup.bin";
        byte[] content = bytes(100_000);
        PutResult put = store().put(where, new ByteArrayInputStream(content), content.length);
        assertThat(put.size()).isEqualTo(content.length);
        assertThat(put.sha256()).isEqualTo(sha256(content));

        ObjectInfo info = store().stat(where).orElseThrow();
        assertThat(info.size()).isEqualTo(content.length);
        assertThat(info.lastModified()).isNotNull();
        try (ObjectContent in = store().open(where)) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        try (ObjectContent in = store().open(where, 1000, 500)) {
            assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(content, 1000, 1500));
        }
        try (ObjectContent in = store().open(where, 99_990, 500)) {
            assertThat(in.readAllBytes()).hasSize(10);
        }
    }

    @Test
    void putOfUnknownLengthStreams() throws Exception {
        String where = freshLocation() + "stream.bin";
        byte[] content = bytes(300_000);
        PutResult put = store().put(where, new ByteArrayInputStream(content), -1);
        assertThat(put.sha256()).isEqualTo(sha256(content));
        try (InputStream in = store().open(where)) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
    }

    @Test
    void listingFindsEveryObjectUnderAPrefixAcrossPages() throws Exception {
        String base = freshLocation();
        for (int i = 0; i < 30; i++) put(base + "daily/p_" + String.format("%03d", i) + ".csv", "x");
        put(base + "other.csv", "y");
        List<String> names;
        try (Stream<ObjectInfo> listing = store().list(base + "daily/p_")) {
            names = listing.map(ObjectInfo::location).sorted().toList();
        }
        assertThat(names).hasSize(30).first().isEqualTo(base + "daily/p_000.csv");
        try (Stream<ObjectInfo> all = store().list(base)) {
            assertThat(all.count()).isEqualTo(31);
        }
        try (Stream<ObjectInfo> none = store().list(freshLocation() + "nothing/")) {
            assertThat(none.count()).isZero();
        }
    }

    @Test
    void missingObjectsAreEmptyOrNoSuchObject() throws Exception {
        String where = freshLocation() + "missing.gz";
        assertThat(store().stat(where)).isEmpty();
        assertThatThrownBy(() -> store().open(where)).isInstanceOf(NoSuchObjectException.class).hasMessageContaining(where);
    }

    @Test
    void deleteRemovesAndDeletingTwiceIsFine() throws Exception {
        String where = freshLocation() + "old.csv";
        put(where, "old");
        store().delete(where);
        assertThat(store().stat(where)).isEmpty();
        store().delete(where);
    }

    protected void put(String location, String text) throws Exception {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        store().put(location, new ByteArrayInputStream(b), b.length);
    }
}
