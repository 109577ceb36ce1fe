package dev.patrol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.backups.tools.PostgresCluster;
import dev.patrol.backups.tools.RealTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import dev.patrol.state.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A {@code pg_dump -Fd} directory kept as a plain folder ({@code db_{yyyyMMdd}/}), made by
 * the real pg_dump in a throw-away cluster, good and broken, verified by the packaged
 * {@code patrol run backups --json}; each verdict must be pg_restore's own on the same folder
 * ({@code pg_restore --list} and {@code pg_restore -f /dev/null}).
 */
class PgDirectoryFolderIT {
    private static Path dir;
    private static final Map<String, JsonNode> results = new HashMap<>();
    private static final Map<String, Boolean> pgRestore = new HashMap<>();
    private static String stderr;

    @BeforeAll
    static void dumpAndRunPatrolOnce() throws Exception {
        RealTools.require("initdb", "postgresql");
        dir = Files.createTempDirectory("patrol-pgdir-");
        Path run = Files.createDirectories(dir.resolve("run"));
        try (PostgresCluster pg = PostgresCluster.start()) {
            pg.sql("postgres", "CREATE DATABASE crm");
            pg.sql("crm", "CREATE TABLE deals (id int PRIMARY KEY, company text, amount numeric);"
                    + " INSERT INTO deals SELECT g, 'Acme ' || g, g * 10 FROM generate_series(1, 20000) g;"
                    + " CREATE TABLE notes (id int, body text); INSERT INTO notes SELECT g, md5(g::text) FROM generate_series(1, 500) g;"
                    + " SELECT lo_from_bytea(0, 'a large object');");
            pg.dump("crm", dir.resolve("crm.dir"), "-Fd");
        }
        String today = LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd"));
        StringBuilder yml = new StringBuilder("name: pgdir\nalerts:\n  file: alerts.jsonl\nbackups:\n");
        for (String set : List.of("good", "lost", "short", "toc", "lo")) {
            Path backup = run.resolve(set).resolve("db_" + today);
            Files.createDirectories(backup.getParent());
            RealTools.run(dir, "cp", "-r", dir.resolve("crm.dir").toString(), backup.toString());
            // the largest data file is public.deals'
            String biggest = RealTools.sh(backup, "ls -S | grep -E '^[0-9]+\\.dat' | head -1").trim();
            switch (set) {
                case "lost" -> Files.delete(backup.resolve(biggest));
                case "short" -> cut(backup.resolve(biggest), 0.5);
                case "toc" -> cut(backup.resolve("toc.dat"), 0.4);
                case "lo" -> RealTools.sh(backup, "rm blob_*.dat.gz");
                default -> { }
            }
            pgRestore.put(set, RealTools.run(dir, Map.of(), List.of("pg_restore", "--list", backup.toString()), 5).ok()
                    && RealTools.run(dir, Map.of(), List.of("pg_restore", "-f", "/dev/null", backup.toString()), 5).ok());
            yml.append("""
                      - name: pgdir-%s
                        location: %s
                        pattern: "db_{yyyyMMdd}/"
                        every: 1d
                        maxAge: 26h
                        minSize: 1B
                    """.formatted(set, set));
        }
        Files.writeString(run.resolve("patrol.yml"), yml);
        PatrolProcess.Result r = PatrolProcess.run(run, Map.of(), "run", "backups", "--json");
        stderr = r.err();
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        Json.MAPPER.readTree(r.out()).path("results").forEach(x -> results.put(x.path("target").asString(), x));
    }

    private static void cut(Path file, double keep) throws Exception {
        byte[] b = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(b, (int) (b.length * keep)));
    }

    @AfterAll
    static void cleanUp() {
        if (dir != null) RealTools.run(Path.of("/tmp"), "rm", "-rf", dir.toString());
    }

    private static String verdict(String set, boolean ok, String says) {
        JsonNode r = results.get("pgdir-" + set);
        assertThat(r).as(set).isNotNull();
        String messages = r.path("message").asString() + " | " + r.path("details").path("problems").toString();
        assertThat(messages).as(set).doesNotContain("null").doesNotContain("Exception");
        assertThat(r.path("status").asString()).as(set + ": " + messages).isEqualTo(ok ? "ok" : "fail");
        assertThat(pgRestore.get(set)).as(set + ": pg_restore's own verdict").isEqualTo(ok);
        assertThat(messages).as(set).contains(says);
        return messages;
    }

    @Test
    void aGoodDirectoryDumpIsOneBackupAndRestores() {
        assertThat(stderr).doesNotContain("Exception").doesNotContain("\tat ");
        verdict("good", true, "1 backup, newest db_");
        assertThat(results.get("pgdir-good").path("details").path("read").toString()).contains("public.deals").contains("20000");
    }

    @Test
    void aDeletedDataFileFailsNamingItsTable() {
        verdict("lost", false, "has no data file");
        assertThat(verdict("lost", false, "public.deals")).isNotEmpty();
    }

    @Test
    void aTruncatedDataFileFailsNamingItsTable() {
        verdict("short", false, "cut short");
        verdict("short", false, "public.deals");
    }

    @Test
    void aLostLargeObjectFileFailsNamingIt() {
        verdict("lo", false, "for large object");
        verdict("lo", false, "(listed in blobs.toc)");
    }

    @Test
    void aTruncatedTocFails() {
        verdict("toc", false, "toc.dat");
    }

    @Test
    void pruningAFolderPastRetentionDeletesTheFolder() throws Exception {
        DateTimeFormatter day = DateTimeFormatter.ofPattern("yyyyMMdd");
        String old = "db_" + LocalDate.now(ZoneOffset.UTC).minusDays(10).format(day);
        String today = "db_" + LocalDate.now(ZoneOffset.UTC).format(day);
        Path prune = Files.createDirectories(dir.resolve("prune"));
        Files.createDirectories(prune.resolve("backups"));
        for (String folder : List.of(old, today)) {
            RealTools.run(dir, "cp", "-r", dir.resolve("crm.dir").toString(), prune.resolve("backups").resolve(folder).toString());
        }
        Files.writeString(prune.resolve("patrol.yml"), """
                backups:
                  - name: db
                    location: ./backups/
                    pattern: "db_{yyyyMMdd}/"
                    every: 1d
                    maxAge: 26h
                    retention: 3d
                    prune: true
                    minSize: 1B
                """);
        PatrolProcess.Result r = PatrolProcess.run(prune, Map.of(), "run", "backups", "--json");
        JsonNode result = Json.MAPPER.readTree(r.out()).path("results").get(0);
        assertThat(result.path("details").path("pruned").toString()).as(r.out() + r.err()).isEqualTo("[\"" + old + "/\"]");
        assertThat(prune.resolve("backups").resolve(old)).doesNotExist();
        assertThat(prune.resolve("backups").resolve(today).resolve("toc.dat")).exists();
    }

    @Test
    void aFolderPatternThatCannotWorkIsAConfigErrorWithItsLine() throws Exception {
        Path bad = Files.createDirectories(dir.resolve("bad"));
        Files.writeString(bad.resolve("patrol.yml"), """
                backups:
                  - name: db
                    location: ./backups/
                    pattern: "db_{yyyyMMdd}/"
                    restore: csv
                """);
        PatrolProcess.Result r = PatrolProcess.run(bad, Map.of(), "run", "backups");
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("patrol.yml:5: backups[0].restore").contains("cannot read a backup kept as a folder")
                .doesNotContain("Exception");
        assertThat(bad.resolve(".patrol")).as("refused before state is touched").doesNotExist();
    }
}
