package dev.patrol.backups.restore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.backups.tools.PostgresCluster;
import dev.patrol.backups.tools.RealTools;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Custom-format dumps compressed with lz4 and zstd, which pg_dump writes from PostgreSQL 16 on
 * (archive version 1.15: the header names the algorithm in one byte; each data block, and each
 * large object, is one LZ4 frame or one zstd frame cut into chunks), rebuilt so that every block
 * is known ({@link Pg17DumpsTest} has pg_dump 17's own archives). They are made from a
 * real pg_dump 15 dump written uncompressed through a pipe (no data offsets in its TOC): its
 * header becomes 1.15 with the algorithm byte, its TOC is kept byte for byte, and each block's
 * data is compressed by the real {@code lz4} or {@code zstd} command and written back as one
 * chunk. pg_restore 15 cannot read 1.15 archives, so here Patrol's verdict is checked against
 * what the archive is known to hold (the rows PostgreSQL was given) and against every cut.
 */
class PgCompressedArchivesTest {
    private static PostgresCluster pg;
    private static Path dir;
    private static byte[] plain;

    @BeforeAll
    static void dump() throws Exception {
        RealTools.require("pg_dump", "postgresql");
        pg = PostgresCluster.start();
        dir = Files.createTempDirectory("patrol-pgcompressed-");
        PgDumpsTest.crm(pg);
        RealTools.sh(dir, "pg_dump -h " + pg.socket() + " -p " + pg.port() + " -U postgres -Fc -Z0 crm | cat > crm-z0-piped.dump");
        pg.dump("crm", dir.resolve("crm-z0.dir"), "-Fd", "-Z0");
        plain = Files.readAllBytes(dir.resolve("crm-z0-piped.dump"));
    }

    @AfterAll
    static void stop() {
        if (pg != null) pg.close();
        if (dir != null) RealTools.run(Path.of("/tmp"), "rm", "-rf", dir.toString());
    }

    private static RestoreOutcome patrol(byte[] bytes) throws Exception {
        return PgDumpsTest.patrol(bytes);
    }

    /** Where the archive's blocks start, and where each compressed stream's bytes lie in the result. */
    record Recompressed(byte[] bytes, List<long[]> streams) {}

    /**
     * The header of a pg_dump 15 archive ({@code format} 1 custom; a directory dump's toc.dat says 3, tar, as pg_dump writes it) written uncompressed, as pg_dump 16
     * writes it with {@code -Z tool}: archive 1.15, the 1.14 compression integer replaced by the algorithm byte, 2 (lz4) or 3
     * (zstd). Returns the new header and where the rest of the original follows it.
     */
    private static byte[] header115(byte[] z0, String tool, int format, int[] restAt) {
        assertThat(new String(z0, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PGDMP");
        assertThat(z0[5]).as("archive major").isEqualTo((byte) 1);
        assertThat(z0[6]).as("archive minor: pg_dump 15").isEqualTo((byte) 14);
        int intSize = z0[8];
        assertThat(z0[10]).as("archive format").isEqualTo((byte) format);
        // 1.14's compression is an integer (sign byte + intSize bytes), 0 for -Z0.
        restAt[0] = 11 + 1 + intSize;
        for (int i = 11; i < restAt[0]; i++) assertThat(z0[i]).as("compression level 0").isZero();
        byte[] head = Arrays.copyOf(z0, 12);
        head[6] = 15; // archive 1.15, PostgreSQL 16
        head[11] = (byte) (tool.equals("lz4") ? 2 : 3);
        return head;
    }

    /** The uncompressed custom-format archive as pg_dump 16 writes it with {@code -Z tool}: each block one frame in one chunk. */
    private static Recompressed recompress(byte[] z0, String tool) throws Exception {
        int[] afterCompression = new int[1];
        byte[] head = header115(z0, tool, PgArchive.FORMAT_CUSTOM, afterCompression);
        int intSize = z0[8];
        PgArchiveInput toc = new PgArchiveInput(new ByteArrayInputStream(z0, 5, z0.length - 5), 5);
        PgArchive archive = PgArchive.read(toc, PgArchive.FORMAT_CUSTOM);
        assertThat(archive.entries()).allMatch(e -> e.dataState() != 2, "written through a pipe: no data offsets to rewrite");
        int tocEnd = (int) toc.position();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(head);
        out.write(z0, afterCompression[0], tocEnd - afterCompression[0]);

        List<long[]> streams = new ArrayList<>();
        Reader r = new Reader(z0, tocEnd, intSize);
        int n = 0;
        while (r.pos < z0.length) {
            int type = z0[r.pos];
            out.write(z0, r.pos, 1 + 1 + intSize); // block type and dump id, as they were
            r.pos += 1;
            r.readInt();
            if (type == 1) {
                streams.add(stream(r, out, tool, n++, intSize));
            } else {
                assertThat(type).as("block type").isEqualTo(3);
                for (int oid; ; ) {
                    int at = r.pos;
                    oid = r.readInt();
                    out.write(z0, at, r.pos - at);
                    if (oid == 0) break;
                    streams.add(stream(r, out, tool, n++, intSize));
                }
            }
        }
        return new Recompressed(out.toByteArray(), streams);
    }

    /** One block's (or one large object's) chunks, compressed by the real tool and written back as one chunk and the zero that ends it. */
    private static long[] stream(Reader r, ByteArrayOutputStream out, String tool, int n, int intSize) throws Exception {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        for (int len; (len = r.readInt()) != 0; ) {
            raw.write(r.bytes, r.pos, len);
            r.pos += len;
        }
        Path in = Files.write(dir.resolve("stream-" + n), raw.toByteArray());
        RealTools.sh(dir, tool + " -q -c " + in.getFileName() + " > " + in.getFileName() + "." + tool);
        byte[] packed = Files.readAllBytes(dir.resolve(in.getFileName() + "." + tool));
        writeInt(out, packed.length, intSize);
        long start = out.size();
        out.write(packed);
        writeInt(out, 0, intSize);
        return new long[] {start, packed.length};
    }

    private static void writeInt(ByteArrayOutputStream out, int v, int intSize) {
        out.write(v < 0 ? 1 : 0);
        int a = Math.abs(v);
        for (int i = 0; i < intSize; i++) out.write((a >>> (8 * i)) & 0xff);
    }

    /** pg_dump's integers: a sign byte, then intSize little-endian bytes. */
    private static final class Reader {
        final byte[] bytes;
        final int intSize;
        int pos;

        Reader(byte[] bytes, int pos, int intSize) {
            this.bytes = bytes;
            this.pos = pos;
            this.intSize = intSize;
        }

        int readInt() {
            boolean negative = bytes[pos++] != 0;
            long v = 0;
            for (int i = 0; i < intSize; i++) v |= (long) (bytes[pos++] & 0xff) << (8 * i);
            return (int) (negative ? -v : v);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"lz4", "zstd"})
    void aCompressedArchiveReadsToTheEndAndSaysWhatItHolds(String tool) throws Exception {
        RealTools.require(tool, tool);
        Recompressed archive = recompress(plain, tool);
        assertThat(archive.streams()).as("deals, notes, empty_t and one large object").hasSize(4);
        RestoreOutcome r = patrol(archive.bytes());
        assertThat(r.ok()).as(r.message()).isTrue();
        assertThat(r.facts()).containsEntry("dumpFormat", "custom").containsEntry("compression", tool).containsEntry("tables", 3)
                .containsEntry("rows", 5300L).containsEntry("contents", "schema and data");
        assertThat((Map<Object, Object>) r.facts().get("rowsByTable")).containsEntry("public.deals", 5000L).containsEntry("public.notes", 300L)
                .containsEntry("public.empty_t", 0L);
    }

    /**
     * A directory-format dump as pg_dump 16 writes it with {@code -Z tool}, archived with tar: toc.dat with the 1.15 header,
     * each data file compressed by the real tool under its suffix ({@code 3348.dat.lz4}, {@code .zst}), the TOC's file names
     * unchanged (pg_restore adds the suffix). {@code lose} names a data file to leave out, or null.
     */
    private static byte[] directoryArchive(String tool, String lose) throws Exception {
        String name = "crm-" + tool + (lose == null ? "" : "-lost") + ".dir";
        RealTools.sh(dir, "rm -rf " + name + " && cp -r crm-z0.dir " + name);
        Path toc = dir.resolve(name).resolve("toc.dat");
        byte[] z0 = Files.readAllBytes(toc);
        int[] rest = new int[1];
        byte[] head = header115(z0, tool, PgArchive.FORMAT_TAR, rest);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(head);
        out.write(z0, rest[0], z0.length - rest[0]);
        Files.write(toc, out.toByteArray());
        String suffix = tool.equals("lz4") ? "lz4" : "zst";
        RealTools.sh(dir.resolve(name), "for f in $(ls | grep -E '^(blob_)?[0-9]+\\.dat$'); do " + tool + " -q -c $f > $f." + suffix + " && rm $f; done");
        if (lose != null) RealTools.sh(dir.resolve(name), "rm " + lose + "." + suffix);
        RealTools.sh(dir, "tar -cf " + name + ".tar " + name);
        return Files.readAllBytes(dir.resolve(name + ".tar"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"lz4", "zstd"})
    void aCompressedDirectoryDumpReadsEveryFileAndFailsWithoutOne(String tool) throws Exception {
        RealTools.require(tool, tool);
        RestoreOutcome r = patrol(directoryArchive(tool, null));
        assertThat(r.ok()).as(r.message()).isTrue();
        assertThat(r.facts()).containsEntry("dumpFormat", "directory").containsEntry("compression", tool).containsEntry("rows", 5300L);
        String first = RealTools.sh(dir, "ls crm-z0.dir | grep -E '^[0-9]+\\.dat$' | sort -n | head -1").strip();
        RestoreOutcome lost = patrol(directoryArchive(tool, first));
        assertThat(lost.ok()).isFalse();
        assertThat(lost.message()).contains("has no data file").contains("public.");
        byte[] whole = directoryArchive(tool, null);
        RestoreOutcome cut = patrol(Arrays.copyOf(whole, whole.length / 2));
        assertThat(cut.ok()).as(cut.message()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"lz4", "zstd"})
    void aCompressedArchiveCutAnywhereFails(String tool) throws Exception {
        RealTools.require(tool, tool);
        Recompressed archive = recompress(plain, tool);
        byte[] whole = archive.bytes();
        TreeSet<Integer> cuts = new TreeSet<>(List.of(4, 8, 12, 20, 200, whole.length - 1, whole.length - 5));
        for (int k = 1; k < 24; k++) cuts.add(whole.length * k / 24);
        for (long[] s : archive.streams()) { // inside each compressed stream, and just before the zero that ends it
            cuts.add((int) (s[0] + s[1] / 2));
            cuts.add((int) (s[0] + s[1] - 1));
            cuts.add((int) (s[0] + s[1]));
        }
        List<String> passed = new ArrayList<>();
        for (int cut : cuts) {
            RestoreOutcome r = patrol(Arrays.copyOf(whole, cut));
            if (r.ok() || r.inconclusive()) passed.add(cut + ": " + (r.ok() ? "ok" : r.message()));
            else assertThat(r.message()).as("cut at " + cut).containsAnyOf("cut short", "corrupt").doesNotContain("null");
        }
        assertThat(passed).as(tool + " archive of " + whole.length + " bytes cut at " + cuts.size() + " places").isEmpty();
        RestoreOutcome inDeals = patrol(Arrays.copyOf(whole, (int) (archive.streams().get(0)[0] + archive.streams().get(0)[1] / 2)));
        assertThat(inDeals.message()).contains("public.deals");
    }

    @ParameterizedTest
    @ValueSource(strings = {"lz4", "zstd"})
    void aFlippedByteInsideACompressedBlockIsCorrupt(String tool) throws Exception {
        RealTools.require(tool, tool);
        Recompressed archive = recompress(plain, tool);
        byte[] bad = archive.bytes().clone();
        long[] deals = archive.streams().get(0);
        bad[(int) (deals[0] + deals[1] / 2)] ^= 0x55;
        RestoreOutcome r = patrol(bad);
        assertThat(r.ok()).isFalse();
        assertThat(r.message()).contains("public.deals").contains("corrupt").doesNotContain("null");
    }
}
