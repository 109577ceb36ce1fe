package dev.patrol.backups.restore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.backups.tools.PostgresCluster;
import dev.patrol.backups.tools.RealTools;
import java.io.ByteArrayInputStream;
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
 * Dumps made by the installed pg_dump (one throw-away cluster for the class) in every
 * format, healthy and broken; for each, Patrol's verdict must be pg_restore's own:
 * {@code pg_restore --list} (the TOC) and {@code pg_restore -f /dev/null} (every data block).
 */
class PgDumpsTest {
    private static PostgresCluster pg;
    private static Path dir;

    @BeforeAll
    static void dumps() throws Exception {
        pg = PostgresCluster.start();
        dir = Files.createTempDirectory("patrol-pgdumps-");
        crm(pg);
        pg.dump("crm", dir.resolve("crm.dump"), "-Fc");
        pg.dump("crm", dir.resolve("crm-z0.dump"), "-Fc", "-Z0");
        pg.dump("crm", dir.resolve("crm-schema.dump"), "-Fc", "--schema-only");
        pg.dump("crm", dir.resolve("crm-data.dump"), "-Fc", "--data-only");
        pg.dump("crm", dir.resolve("crm.tar"), "-Ft");
        pg.dump("crm", dir.resolve("crm.dir"), "-Fd");
        pg.dump("crm", dir.resolve("crm.sql"), "-Fp");
        RealTools.sh(dir, "tar -cf crm-dir.tar crm.dir");
        // Through a pipe pg_dump cannot seek back to write the data offsets into its TOC.
        RealTools.sh(dir, "pg_dump -h " + pg.socket() + " -p " + pg.port() + " -U postgres -Fc crm | cat > crm-piped.dump");
    }

    /** The database every dump of these tests is made of: 5,000 deals, 300 notes, an empty table, a view and a large object. */
    static void crm(PostgresCluster pg) {
        pg.sql("postgres", "CREATE DATABASE crm");
        pg.sql("crm", """
                CREATE TABLE deals (id int PRIMARY KEY, company text, amount numeric);
                INSERT INTO deals SELECT g, 'Acme ' || g, g * 10 FROM generate_series(1, 5000) g;
                CREATE TABLE notes (id int REFERENCES deals, body text);
                INSERT INTO notes SELECT g, md5(g::text) || repeat('x', 200) FROM generate_series(1, 300) g;
                CREATE TABLE empty_t (id int);
                CREATE VIEW big_deals AS SELECT * FROM deals WHERE amount > 1000;
                SELECT lo_from_bytea(0, 'a large object');
                """);
    }

    @AfterAll
    static void stop() {
        if (pg != null) pg.close();
        if (dir != null) RealTools.run(Path.of("/tmp"), "rm", "-rf", dir.toString());
    }

    static RestoreOutcome patrol(byte[] bytes) throws Exception {
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        return new RestoreTest(RestoreLimits.DEFAULT).run(in, RestorePlan.of(RestoreFormat.PGDUMP, "crm.dump"),
                () -> bytes.length - in.available());
    }

    private static RestoreOutcome patrol(Path file) throws Exception {
        return patrol(Files.readAllBytes(file));
    }

    /**
     * pg_restore's verdict: the TOC lists and every data block restores to nowhere. On some
     * cut tar archives pg_restore 15 never returns: a restore that hangs is a failed one.
     */
    private static boolean pgRestore(Path file) {
        return pgRestore("--list", file) && pgRestore("-f", file);
    }

    private static boolean pgRestore(String option, Path file) {
        List<String> cmd = option.equals("-f") ? List.of("pg_restore", "-f", "/dev/null", file.toString()) : List.of("pg_restore", option, file.toString());
        return RealTools.run(dir, Map.of(), cmd, 3).ok();
    }

    @Test
    void everyFormatReadsToTheEndAndSaysWhatItHolds() throws Exception {
        for (String name : List.of("crm.dump", "crm-z0.dump", "crm-piped.dump", "crm.tar", "crm-dir.tar")) {
            RestoreOutcome r = patrol(dir.resolve(name));
            assertThat(r.ok()).as(name + ": " + r.message()).isTrue();
            assertThat(pgRestore(dir.resolve(name.equals("crm-dir.tar") ? "crm.dir" : name))).isTrue();
            assertThat(r.facts()).containsEntry("tables", 3).containsEntry("contents", "schema and data")
                    .containsEntry("rows", 5300L).containsKey("serverVersion").containsKey("pgDumpVersion");
            assertThat((Map<Object, Object>) r.facts().get("rowsByTable")).containsEntry("public.deals", 5000L)
                    .containsEntry("public.notes", 300L).containsEntry("public.empty_t", 0L);
            assertThat(r.facts().get("summary").toString()).contains("3 tables").contains("5300 rows").contains("PostgreSQL 15");
        }
        assertThat(patrol(dir.resolve("crm.dump")).facts()).containsEntry("dumpFormat", "custom").containsEntry("compression", "gzip");
        assertThat(patrol(dir.resolve("crm-z0.dump")).facts()).containsEntry("compression", "none");
        assertThat(patrol(dir.resolve("crm.tar")).facts()).containsEntry("dumpFormat", "tar");
        assertThat(patrol(dir.resolve("crm-dir.tar")).facts()).containsEntry("dumpFormat", "directory");
        assertThat(patrol(dir.resolve("crm-schema.dump")).facts()).containsEntry("contents", "schema only").doesNotContainKey("rows");
        assertThat(patrol(dir.resolve("crm-data.dump")).facts()).containsEntry("contents", "data only").containsEntry("rows", 5300L);
    }

    @Test
    void aCustomDumpCutAnywhereFailsAsPgRestoreDoes() throws Exception {
        for (String name : List.of("crm.dump", "crm-z0.dump", "crm-piped.dump")) {
            byte[] whole = Files.readAllBytes(dir.resolve(name));
            TreeSet<Integer> cuts = new TreeSet<>(List.of(1, 4, 5, 6, 8, 12, 20, 40, 80, 200, 400, whole.length - 1, whole.length - 4));
            for (int k = 1; k < 24; k++) cuts.add(whole.length * k / 24);
            List<String> disagreements = new ArrayList<>();
            for (int cut : cuts) {
                byte[] part = Arrays.copyOf(whole, cut);
                Path file = Files.write(dir.resolve("cut.dump"), part);
                RestoreOutcome r = patrol(part);
                boolean tool = pgRestore(file);
                if (r.ok() || r.inconclusive() || tool) disagreements.add(cut + ": patrol " + (r.ok() ? "ok" : r.message()) + ", pg_restore " + (tool ? "ok" : "fails"));
                else assertThat(r.message()).as("cut at " + cut).containsAnyOf("cut short", "corrupt", "does not start like").doesNotContain("null");
            }
            assertThat(disagreements).as(name).isEmpty();
        }
    }

    @Test
    void aCutInsideTheDataNamesTheTable() throws Exception {
        byte[] whole = Files.readAllBytes(dir.resolve("crm-z0.dump"));
        // deals is the first and largest block: the middle of the file is inside it.
        RestoreOutcome r = patrol(Arrays.copyOf(whole, whole.length / 2));
        assertThat(r.message()).contains("inside the data of table public.deals").contains("cut short");
        RestoreOutcome toc = patrol(Arrays.copyOf(whole, 600));
        assertThat(toc.message()).contains("inside its table of contents");
        RestoreOutcome header = patrol(Arrays.copyOf(whole, 20));
        assertThat(header.message()).contains("inside its header");
    }

    @Test
    void aFlippedByteInCompressedDataIsCorruptForBoth() throws Exception {
        byte[] whole = Files.readAllBytes(dir.resolve("crm.dump"));
        byte[] bad = whole.clone();
        bad[whole.length * 3 / 5] ^= 0x55;
        Path file = Files.write(dir.resolve("flipped.dump"), bad);
        RestoreOutcome r = patrol(bad);
        assertThat(r.ok()).isFalse();
        assertThat(pgRestore(file)).isFalse();
        assertThat(r.message()).contains("public.deals");
    }

    @Test
    void tarAndDirectoryDumpsCutOrMissingAFileFail() throws Exception {
        byte[] tar = Files.readAllBytes(dir.resolve("crm.tar"));
        for (double keep : new double[] {0.01, 0.1, 0.5, 0.9, 0.99}) {
            byte[] part = Arrays.copyOf(tar, (int) (tar.length * keep));
            Path file = Files.write(dir.resolve("cut.tar"), part);
            RestoreOutcome r = patrol(part);
            assertThat(r.ok()).as("tar cut at " + keep + ": " + r.message()).isEqualTo(pgRestore(file));
            // Up to the last data file the cut loses data; past it only restore.sql, which pg_restore does not need.
            if (keep < 0.95) assertThat(r.ok()).as("tar cut at " + keep).isFalse();
            else assertThat(r.facts().get("note").toString()).contains("cut after its last data file");
        }
        Path lost = dir.resolve("lost.dir");
        RealTools.sh(dir, "rm -rf lost.dir && cp -r crm.dir lost.dir && rm lost.dir/$(ls crm.dir | grep -E '^[0-9]+\\.dat\\.gz$' | sort | head -1)"
                + " && tar -cf lost-dir.tar lost.dir");
        RestoreOutcome r = patrol(dir.resolve("lost-dir.tar"));
        assertThat(r.ok()).isFalse();
        assertThat(r.message()).contains("has no data file").contains("public.");
        assertThat(pgRestore(lost)).isFalse();
    }

    @Test
    void plainDumpsNeedTheirFooterAndEveryCopyEnd() throws Exception {
        byte[] plain = Files.readAllBytes(dir.resolve("crm.sql"));
        assertThat(new String(plain, 0, 300)).contains("\\restrict");
        RestoreOutcome ok = patrol(plain);
        assertThat(ok.ok()).as(ok.message()).isTrue();
        assertThat(ok.facts()).containsEntry("dumpFormat", "plain").containsEntry("copyBlocks", 3L).containsEntry("rows", 5300L);
        String text = new String(plain, java.nio.charset.StandardCharsets.UTF_8);
        int inCopy = text.indexOf("COPY public.deals") + 2000;
        RestoreOutcome cut = patrol(Arrays.copyOf(plain, inCopy));
        assertThat(cut.message()).contains("inside the COPY data of public.deals").contains("cut short");
        RestoreOutcome noFooter = patrol(Arrays.copyOf(plain, text.indexOf("PostgreSQL database dump complete") - 10));
        assertThat(noFooter.message()).contains("ends without '-- PostgreSQL database dump complete'");
        RestoreOutcome noUnrestrict = patrol(Arrays.copyOf(plain, text.lastIndexOf("\\unrestrict")));
        assertThat(noUnrestrict.message()).contains("\\unrestrict");
    }
}
