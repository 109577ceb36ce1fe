package dev.patrol.backups.restore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.backups.tools.PostgresCluster;
import dev.patrol.backups.tools.Postgres17Client;
import dev.patrol.backups.tools.RealTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Archives written by pg_dump 17 itself (lz4 and zstd, large objects in a numbered
 * {@code blobs_NNNN.toc}), of the same database {@link PgDumpsTest} dumps, on a PostgreSQL 15
 * server; for each, Patrol's verdict must be pg_restore 17's own. Skips, saying how to get
 * them, where PostgreSQL 17's client programs cannot be had.
 */
class Pg17DumpsTest {
    private static PostgresCluster pg;
    private static Path dir;

    @BeforeAll
    static void dumps() throws Exception {
        Postgres17Client.require();
        pg = PostgresCluster.start();
        dir = Files.createTempDirectory("patrol-pg17dumps-");
        PgDumpsTest.crm(pg);
        String dump = Postgres17Client.pgDump();
        pg.dumpWith(dump, "crm", dir.resolve("crm-lz4.dump"), "-Fc", "-Z", "lz4");
        pg.dumpWith(dump, "crm", dir.resolve("crm-zstd.dump"), "-Fc", "-Z", "zstd");
        pg.dumpWith(dump, "crm", dir.resolve("crm-gzip.dump"), "-Fc");
        pg.dumpWith(dump, "crm", dir.resolve("crm.tar"), "-Ft");
        pg.dumpWith(dump, "crm", dir.resolve("lz4.dir"), "-Fd", "-Z", "lz4");
        pg.dumpWith(dump, "crm", dir.resolve("zstd.dir"), "-Fd", "-Z", "zstd");
        RealTools.sh(dir, "tar -cf lz4-dir.tar lz4.dir && tar -cf zstd-dir.tar zstd.dir");
        // Through a pipe pg_dump cannot seek back to write the data offsets into its TOC.
        RealTools.sh(dir, dump + " -h " + pg.socket() + " -p " + pg.port() + " -U postgres -Fc -Z zstd crm | cat > crm-zstd-piped.dump");
    }

    @AfterAll
    static void stop() {
        if (pg != null) pg.close();
        if (dir != null) RealTools.run(Path.of("/tmp"), "rm", "-rf", dir.toString());
    }

    private static RestoreOutcome patrol(Path file) throws Exception {
        return PgDumpsTest.patrol(Files.readAllBytes(file));
    }

    /** pg_restore 17's verdict: the TOC lists and every data block restores to nowhere. */
    private static boolean pgRestore(Path file) {
        return RealTools.run(dir, Map.of(), List.of(Postgres17Client.pgRestore(), "--list", file.toString()), 10).ok()
                && RealTools.run(dir, Map.of(), List.of(Postgres17Client.pgRestore(), "-f", "/dev/null", file.toString()), 10).ok();
    }

    @Test
    void everyArchiveOfPgDump17ReadsToTheEndWithItsRows() throws Exception {
        Map<String, String> compression = Map.of("crm-lz4.dump", "lz4", "crm-zstd.dump", "zstd", "crm-zstd-piped.dump", "zstd",
                "crm-gzip.dump", "gzip", "crm.tar", "none", "lz4-dir.tar", "lz4", "zstd-dir.tar", "zstd");
        for (var c : compression.entrySet()) {
            String name = c.getKey();
            RestoreOutcome r = patrol(dir.resolve(name));
            assertThat(r.ok()).as(name + ": " + r.message()).isTrue();
            assertThat(pgRestore(dir.resolve(name.endsWith("-dir.tar") ? name.replace("-dir.tar", ".dir") : name))).as(name).isTrue();
            assertThat(r.facts()).as(name).containsEntry("compression", c.getValue()).containsEntry("tables", 3)
                    .containsEntry("contents", "schema and data").containsEntry("rows", 5300L);
            assertThat(r.facts().get("pgDumpVersion").toString()).as(name).startsWith("17.");
            assertThat((Map<Object, Object>) r.facts().get("rowsByTable")).as(name).containsEntry("public.deals", 5000L)
                    .containsEntry("public.notes", 300L).containsEntry("public.empty_t", 0L);
        }
        assertThat(Files.list(dir.resolve("zstd.dir")).map(p -> p.getFileName().toString()))
                .as("pg_dump 17 groups large objects in a numbered TOC").anyMatch(n -> n.matches("blobs_\\d+\\.toc"));
    }

    @Test
    void anLz4OrZstdDumpCutAnywhereFailsAsPgRestore17Does() throws Exception {
        for (String name : List.of("crm-lz4.dump", "crm-zstd.dump", "crm-zstd-piped.dump")) {
            byte[] whole = Files.readAllBytes(dir.resolve(name));
            TreeSet<Integer> cuts = new TreeSet<>(List.of(1, 5, 6, 8, 12, 20, 40, 200, 400, whole.length - 1, whole.length - 4));
            for (int k = 1; k < 24; k++) cuts.add(whole.length * k / 24);
            List<String> disagreements = new ArrayList<>();
            for (int cut : cuts) {
                byte[] part = Arrays.copyOf(whole, cut);
                Path file = Files.write(dir.resolve("cut.dump"), part);
                RestoreOutcome r = PgDumpsTest.patrol(part);
                boolean tool = pgRestore(file);
                if (r.ok() || r.inconclusive() || tool) disagreements.add(cut + ": patrol " + (r.ok() ? "ok" : r.message()) + ", pg_restore " + (tool ? "ok" : "fails"));
                else assertThat(r.message()).as(name + " cut at " + cut).containsAnyOf("cut short", "corrupt", "does not start like").doesNotContain("null");
            }
            assertThat(disagreements).as(name).isEmpty();
        }
    }

    /**
     * pg_dump's zstd and lz4 frames carry no content checksum. A byte flipped inside the deals'
     * zstd block makes libzstd inflate other rows, and pg_restore 17 restores them without a word
     * (here ids 1024 and 1080 twice, amounts changed); Patrol's decoder finds the block
     * inconsistent and fails it. In lz4 the same byte is a literal: every decoder inflates it, so
     * neither can tell, and Patrol says what pg_restore says. Only the object's own checksum
     * (S3's, or a sidecar) catches that, which is why a result says "no checksum to compare".
     */
    @Test
    void aFlippedByteInsideTheDealsFailsWherePgRestore17RestoresWrongRows() throws Exception {
        Path zstd = flipped("crm-zstd.dump");
        RestoreOutcome r = patrol(zstd);
        assertThat(r.ok()).as(r.message()).isFalse();
        assertThat(r.message()).contains("public.deals").contains("corrupt").doesNotContain("null");
        if (pgRestore(zstd)) assertThat(restoredRows(zstd)).as("what pg_restore 17 restores").isNotEqualTo(restoredRows(dir.resolve("crm-zstd.dump")));

        Path lz4 = flipped("crm-lz4.dump");
        RestoreOutcome l = patrol(lz4);
        assertThat(l.ok()).as(l.message()).isEqualTo(pgRestore(lz4));
        assertThat(restoredRows(lz4)).as("the flip is inside the deals' rows").isNotEqualTo(restoredRows(dir.resolve("crm-lz4.dump")));
    }

    private static Path flipped(String name) throws Exception {
        byte[] bad = Files.readAllBytes(dir.resolve(name));
        bad[bad.length / 3] ^= 0x55; // deals is the first and largest block
        return Files.write(dir.resolve("flipped-" + name), bad);
    }

    /** The data rows pg_restore 17 writes as SQL (COPY lines), from as much of the dump as it restores. */
    private static List<String> restoredRows(Path dump) throws Exception {
        Path sql = dir.resolve(dump.getFileName() + ".sql");
        RealTools.run(dir, Map.of(), List.of(Postgres17Client.pgRestore(), "--data-only", "-f", sql.toString(), dump.toString()), 10);
        return Files.readAllLines(sql).stream().filter(line -> line.matches("\\d+\t.*")).toList();
    }

    @Test
    void aDirectoryDumpThatLostATableOrALargeObjectFileFails() throws Exception {
        RealTools.sh(dir, "rm -rf lost-* && for f in $(ls zstd.dir | grep -v toc.dat); do cp -r zstd.dir lost-$f; rm lost-$f/$f;"
                + " tar -cf lost-$f.tar lost-$f; done");
        List<Path> lost;
        try (var files = Files.list(dir)) {
            lost = files.filter(p -> p.getFileName().toString().matches("lost-.*\\.tar")).sorted().toList();
        }
        assertThat(lost).as("one dump for each file but toc.dat: 3 tables, the large object and its TOC").hasSize(5);
        for (Path tar : lost) {
            String folder = tar.getFileName().toString().replaceFirst("\\.tar$", "");
            String file = folder.substring("lost-".length());
            RestoreOutcome r = patrol(tar);
            assertThat(pgRestore(dir.resolve(folder))).as(file).isFalse();
            assertThat(r.ok()).as(file + ": " + r.message()).isFalse();
            assertThat(r.message()).as(file).contains(file.replaceFirst("\\.zst$", "")).contains("pg_restore fails there");
        }
    }
}
