package dev.patrol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.backups.tools.MariaDbServer;
import dev.patrol.backups.tools.PostgresCluster;
import dev.patrol.backups.tools.Postgres17Client;
import dev.patrol.backups.tools.RealTools;
import dev.patrol.state.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Backups made by the real tools (gzip, zstd, GNU tar, Python's tarfile, zip, git,
 * pg_dump, sqlite3, mariadb-dump), healthy and broken, verified through the packaged
 * {@code patrol run backups --json} in one run, as a user runs it: store, metering,
 * read-ahead, checksums, restore. For each, Patrol's verdict must be the tool's own
 * ({@code gzip -t}, {@code zstd -t}, {@code tar -t}, {@code unzip -t}, {@code git clone},
 * {@code pg_restore}, {@code PRAGMA integrity_check}, loading the dump into MariaDB),
 * except where Patrol is stricter on purpose (links out of a tar: tar lists them, a
 * restore follows them). A format whose tool is missing is left out of the run and its
 * test skips naming the Debian package.
 */
class RealToolBackupsIT {
    /** One backup set of one object: what made it, what Patrol must say, what the tool says. */
    record Case(String set, String suffix, byte[] bytes, boolean ok, String says, Boolean tool) {}

    private static Path dir;
    private static final Map<String, Case> cases = new LinkedHashMap<>();
    private static final Map<String, JsonNode> results = new HashMap<>();
    private static String stderr;

    @BeforeAll
    static void makeBackupsAndRunPatrolOnce() throws Exception {
        dir = Files.createTempDirectory("patrol-realtools-");
        Path src = Files.createDirectories(dir.resolve("src"));
        StringBuilder csv = new StringBuilder("id,company,stage,amount\n");
        for (int i = 1; i <= 20_000; i++) csv.append(i).append(",\"Acme, Inc. #").append(i).append("\",won,").append(1000 + i).append('\n');
        Files.writeString(src.resolve("deals.csv"), csv);
        Files.createDirectories(src.resolve("site/sub"));
        Files.writeString(src.resolve("site/index.html"), "<h1>deals</h1>\n".repeat(2000));
        Files.writeString(src.resolve("site/sub/notes.txt"), "notes\n".repeat(5000));

        compressed(src);
        archives(src);
        text(src);
        gitBundle(src);
        if (RealTools.onPath("initdb") && RealTools.onPath("pg_dump")) postgres(src);
        if (RealTools.onPath("sqlite3")) sqlite(src);
        if (RealTools.onPath("mariadbd") && RealTools.onPath("mariadb-dump")) mariadb(src);

        Path run = Files.createDirectories(dir.resolve("run"));
        StringBuilder yml = new StringBuilder("name: realtools\nalerts:\n  file: alerts.jsonl\nbackups:\n");
        for (Case c : cases.values()) {
            NightlyBackups set = new NightlyBackups(run.resolve(c.set()), "b_", c.suffix());
            set.night(0, c.bytes());
            yml.append(set.config(c.set()).replace("    retention: 90d\n", "    retention: 90d\n    minSize: 1B\n"));
        }
        Files.writeString(run.resolve("patrol.yml"), yml);
        PatrolProcess.Result r = PatrolProcess.run(run, Map.of(), "run", "backups", "--json");
        stderr = r.err();
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        Json.MAPPER.readTree(r.out()).path("results").forEach(x -> results.put(x.path("target").asString(), x));
    }

    @AfterAll
    static void cleanUp() {
        RealTools.run(Path.of("/tmp"), "rm", "-rf", dir.toString());
    }

    private static void add(String set, String suffix, Path file, boolean ok, String says, Boolean tool) throws Exception {
        cases.put(set, new Case(set, suffix, Files.readAllBytes(file), ok, says, tool));
    }

    private static Path cut(Path file, double keep) throws Exception {
        byte[] b = Files.readAllBytes(file);
        return Files.write(file.resolveSibling("cut-" + keep + "-" + file.getFileName()), Arrays.copyOf(b, (int) (b.length * keep)));
    }

    private static Path flip(Path file) throws Exception {
        byte[] b = Files.readAllBytes(file);
        b[b.length / 2] ^= 0x5a;
        return Files.write(file.resolveSibling("flip-" + file.getFileName()), b);
    }

    private static boolean tool(Path in, String... cmd) {
        return RealTools.run(in, Map.of(), List.of(cmd), 5).ok(); // pg_restore 15 never returns on some cut tar archives: that is a failed restore
    }

    private static void compressed(Path src) throws Exception {
        RealTools.sh(src, "gzip -c deals.csv > deals.csv.gz && zstd -q -c deals.csv > deals.csv.zst");
        Path gz = src.resolve("deals.csv.gz");
        for (var c : Map.of("gzip-good", gz, "gzip-cut", cut(gz, 0.6), "gzip-flipped", flip(gz)).entrySet()) {
            boolean good = c.getKey().endsWith("good");
            add(c.getKey(), ".csv.gz", c.getValue(), good, good ? "gzip + csv ok" : "would not restore", tool(src, "gzip", "-t", c.getValue().toString()));
        }
        if (RealTools.onPath("zstd")) {
            Path zst = src.resolve("deals.csv.zst");
            for (var c : Map.of("zstd-good", zst, "zstd-cut", cut(zst, 0.6), "zstd-flipped", flip(zst)).entrySet()) {
                boolean good = c.getKey().endsWith("good");
                add(c.getKey(), ".csv.zst", c.getValue(), good, good ? "zstd + csv ok" : "would not restore", tool(src, "zstd", "-q", "-t", c.getValue().toString()));
            }
        }
    }

    private static void archives(Path src) throws Exception {
        RealTools.sh(src, "tar -cf site.tar site && tar -czf site.tar.gz site && zip -q -r site.zip site");
        Path tar = src.resolve("site.tar");
        add("tar-good", ".tar", tar, true, "tar ok", tool(src, "tar", "-tf", tar.toString()));
        add("tar-cut", ".tar", cut(tar, 0.5), false, "truncated", tool(src, "tar", "-tf", cut(tar, 0.5).toString()));
        Path tgz = src.resolve("site.tar.gz");
        add("tgz-good", ".tar.gz", tgz, true, "gzip + tar ok", tool(src, "tar", "-tzf", tgz.toString()));
        add("tgz-cut", ".tar.gz", cut(tgz, 0.7), false, "would not restore", tool(src, "tar", "-tzf", cut(tgz, 0.7).toString()));
        // Hostile links, written by Python's tarfile as an attacker would: tar -t lists them all (null: no tool verdict to match).
        RealTools.sh(src, """
                python3 - <<'PY'
                import io, tarfile
                def link(t, name, target, kind=tarfile.SYMTYPE):
                    i = tarfile.TarInfo(name); i.type = kind; i.linkname = target; t.addfile(i)
                def file(t, name, data=b"x\\n"):
                    i = tarfile.TarInfo(name); i.size = len(data); t.addfile(i, io.BytesIO(data))
                with tarfile.open("abs-link.tar", "w", format=tarfile.GNU_FORMAT) as t:
                    file(t, "ok.txt"); link(t, "evil", "/etc/passwd")
                with tarfile.open("rel-link.tar", "w", format=tarfile.GNU_FORMAT) as t:
                    file(t, "sub/ok.txt"); link(t, "sub/evil2", "../../../../etc/shadow")
                with tarfile.open("through-link.tar", "w", format=tarfile.GNU_FORMAT) as t:
                    link(t, "link", "sub"); file(t, "link/pwned.txt")
                with tarfile.open("hard-link.tar", "w", format=tarfile.GNU_FORMAT) as t:
                    file(t, "ok.txt"); link(t, "h", "../../etc/passwd", tarfile.LNKTYPE)
                with tarfile.open("inside-link.tar", "w", format=tarfile.GNU_FORMAT) as t:
                    file(t, "data/deals.csv"); link(t, "latest", "data/deals.csv")
                with tarfile.open("device.tar", "w", format=tarfile.GNU_FORMAT) as t:
                    file(t, "data/deals.csv")
                    d = tarfile.TarInfo("dev/sda"); d.type = tarfile.BLKTYPE; d.devmajor = 8; d.devminor = 0; t.addfile(d)
                    d = tarfile.TarInfo("dev/null"); d.type = tarfile.CHRTYPE; d.devmajor = 1; d.devminor = 3; t.addfile(d)
                PY
                """);
        add("tar-abs-link", ".tar", src.resolve("abs-link.tar"), false, "'evil' -> '/etc/passwd' points outside", null);
        add("tar-rel-link", ".tar", src.resolve("rel-link.tar"), false, "'sub/evil2' -> '../../../../etc/shadow' points outside", null);
        add("tar-through-link", ".tar", src.resolve("through-link.tar"), false, "'link/pwned.txt' is written through the symlink 'link'", null);
        add("tar-hard-link", ".tar", src.resolve("hard-link.tar"), false, "hard link 'h' -> '../../etc/passwd' points outside", null);
        add("tar-inside-link", ".tar", src.resolve("inside-link.tar"), true, "tar ok", tool(src, "tar", "-tf", "inside-link.tar"));
        RealTools.sh(src, "mkdir -p special && mkfifo special/pipe && tar -cf special.tar special");
        add("tar-fifo", ".tar", src.resolve("special.tar"), true, "FIFO", tool(src, "tar", "-tf", "special.tar"));
        add("tar-devices", ".tar", src.resolve("device.tar"), true, "2 device files or FIFOs", tool(src, "tar", "-tf", "device.tar"));

        if (RealTools.onPath("unzip")) {
            Path zip = src.resolve("site.zip");
            add("zip-good", ".zip", zip, true, "zip ok", tool(src, "unzip", "-tq", zip.toString()));
            add("zip-cut", ".zip", cut(zip, 0.5), false, "would not restore", tool(src, "unzip", "-tq", cut(zip, 0.5).toString()));
            add("zip-flipped", ".zip", flip(zip), false, "would not restore", tool(src, "unzip", "-tq", flip(zip).toString()));
        }
    }

    /** CSV and JSON: Python's csv (strict) and json modules are the tools' verdict. */
    private static void text(Path src) throws Exception {
        String csvCheck = "import csv,sys\nrows=list(csv.reader(open(sys.argv[1], newline=''), strict=True))\n"
                + "sys.exit(0 if len(rows) > 1 and all(len(r) == len(rows[0]) for r in rows) else 1)\n";
        Files.writeString(src.resolve("csvcheck.py"), csvCheck);
        Files.writeString(src.resolve("broken.csv"), "id,company,stage\n1,\"Acme,won\n2,Beta,lost\n");
        add("csv-good", ".csv", src.resolve("deals.csv"), true, "csv ok", tool(src, "python3", "csvcheck.py", "deals.csv"));
        add("csv-broken-quote", ".csv", src.resolve("broken.csv"), false, "quote", tool(src, "python3", "csvcheck.py", "broken.csv"));
        Path csvCut = cut(src.resolve("deals.csv"), 0.5);
        add("csv-cut", ".csv", csvCut, false, "would not restore", tool(src, "python3", "csvcheck.py", csvCut.toString()));
        RealTools.sh(src, "python3 -c \"import json; json.dump({'deals': [{'id': i, 'company': 'Acme %d' % i} for i in range(3000)]}, open('state.json', 'w'))\""
                + " && gzip -c state.json > state.json.gz"
                + " && python3 -c \"import json; [print(json.dumps({'id': i})) for i in range(500)]\" > events.jsonl"
                + " && head -c 911 state.json > invalid.json"
                + " && python3 -c \"s = open('state.json').read(); open('cut-after-item.json', 'w').write(s[:s.index('}', 900) + 1])\"");
        add("json-good", ".json", src.resolve("state.json"), true, "json ok", tool(src, "python3", "-m", "json.tool", "state.json"));
        add("json-gz-good", ".json.gz", src.resolve("state.json.gz"), true, "gzip + json ok", tool(src, "bash", "-c", "zcat state.json.gz | python3 -m json.tool"));
        add("jsonl-good", ".jsonl", src.resolve("events.jsonl"), true, "json ok", tool(src, "python3", "-m", "json.tool", "--json-lines", "events.jsonl"));
        add("json-invalid", ".json", src.resolve("invalid.json"), false, "JSON is not valid at line 1", tool(src, "python3", "-m", "json.tool", "invalid.json"));
        add("json-cut-after-item", ".json", src.resolve("cut-after-item.json"), false, "the text ends before an array is closed (cut short?)",
                tool(src, "python3", "-m", "json.tool", "cut-after-item.json"));
        Path gzCut = cut(src.resolve("state.json.gz"), 0.6);
        add("json-gz-cut", ".json.gz", gzCut, false, "would not restore", tool(src, "bash", "-c", "zcat " + gzCut + " | python3 -m json.tool"));
        RealTools.sh(src, "sed '250s/.*/{\"id\": 249,/' events.jsonl > broken.jsonl");
        add("jsonl-broken-line", ".jsonl", src.resolve("broken.jsonl"), false, "JSON is not valid at line 250",
                tool(src, "python3", "-m", "json.tool", "--json-lines", "broken.jsonl"));
    }

    private static void gitBundle(Path src) throws Exception {
        RealTools.sh(src, "git init -q -b main repo && cd repo && cp ../deals.csv . && git add . && git -c user.name=p -c user.email=p@x commit -qm one"
                + " && echo more >> deals.csv && git -c user.name=p -c user.email=p@x commit -qam two && git bundle create -q ../repo.bundle --all");
        Path bundle = src.resolve("repo.bundle");
        add("bundle-good", ".bundle", bundle, true, "git-bundle ok", tool(src, "git", "clone", "-q", bundle.toString(), "clone-good"));
        add("bundle-cut", ".bundle", cut(bundle, 0.6), false, "would not restore", tool(src, "git", "clone", "-q", cut(bundle, 0.6).toString(), "clone-cut"));
        add("bundle-flipped", ".bundle", flip(bundle), false, "would not restore", tool(src, "git", "clone", "-q", flip(bundle).toString(), "clone-flipped"));
    }

    private static boolean pgRestore(Path in, Path file) {
        return tool(in, "pg_restore", "--list", file.toString()) && tool(in, "pg_restore", "-f", "/dev/null", file.toString());
    }

    /** A directory-format dump kept as a tar: what pg_restore makes of the folder that tar -x gets out of it (a cut tar gives a partial folder). */
    private static boolean pgRestoreDirTar(Path in, Path tar) throws Exception {
        Path out = Files.createTempDirectory(in, "untar-");
        RealTools.run(out, "tar", "-xf", tar.toString());
        return Files.isDirectory(out.resolve("crm.dir")) && pgRestore(in, out.resolve("crm.dir"));
    }

    private static void postgres(Path src) throws Exception {
        try (PostgresCluster pg = PostgresCluster.start()) {
            pg.sql("postgres", "CREATE DATABASE crm");
            pg.sql("crm", "CREATE TABLE deals (id int PRIMARY KEY, company text, amount numeric);"
                    + " INSERT INTO deals SELECT g, 'Acme ' || g, g * 10 FROM generate_series(1, 20000) g;"
                    + " CREATE TABLE notes (id int, body text); INSERT INTO notes SELECT g, md5(g::text) FROM generate_series(1, 500) g;"
                    + " SELECT lo_from_bytea(0, 'a large object');");
            pg.dump("crm", src.resolve("crm.dump"), "-Fc");
            if (Postgres17Client.available()) {
                pg.dumpWith(Postgres17Client.pgDump(), "crm", src.resolve("crm17-zstd.dump"), "-Fc", "-Z", "zstd");
                pg.dumpWith(Postgres17Client.pgDump(), "crm", src.resolve("crm17-lz4.dump"), "-Fc", "-Z", "lz4");
                pg.dumpWith(Postgres17Client.pgDump(), "crm", src.resolve("crm.dir17"), "-Fd", "-Z", "zstd");
            }
            pg.dump("crm", src.resolve("crm.tar"), "-Ft");
            pg.dump("crm", src.resolve("crm.dir"), "-Fd");
            pg.dump("crm", src.resolve("crm.sql"), "-Fp");
        }
        RealTools.sh(src, "tar -cf crm-dir.tar crm.dir && gzip -c crm.sql > crm.sql.gz");
        Path custom = src.resolve("crm.dump");
        add("pg-custom-good", ".dump", custom, true, "custom pg_dump 15", pgRestore(src, custom));
        add("pg-custom-cut-60", ".dump", cut(custom, 0.6), false, "cut short", pgRestore(src, cut(custom, 0.6)));
        add("pg-custom-cut-toc", ".dump", cut(custom, 0.01), false, "cut short", pgRestore(src, cut(custom, 0.01)));
        add("pg-custom-cut-end", ".dump", cut(custom, 0.9999), false, "cut short", pgRestore(src, cut(custom, 0.9999)));
        add("pg-tar-good", ".pgdump", src.resolve("crm.tar"), true, "tar pg_dump", pgRestore(src, src.resolve("crm.tar")));
        add("pg-tar-cut", ".pgdump", cut(src.resolve("crm.tar"), 0.4), false, "would not restore", pgRestore(src, cut(src.resolve("crm.tar"), 0.4)));
        add("pg-dir-good", ".pgdump", src.resolve("crm-dir.tar"), true, "directory pg_dump", pgRestoreDirTar(src, src.resolve("crm-dir.tar")));
        Path dirCut = cut(src.resolve("crm-dir.tar"), 0.5);
        add("pg-dir-cut", ".pgdump", dirCut, false, "would not restore", pgRestoreDirTar(src, dirCut));
        RealTools.sh(src, "rm -rf lost && mkdir lost && cp -r crm.dir lost/ && rm lost/crm.dir/$(ls crm.dir | grep -E '^[0-9]+\\.dat\\.gz$' | sort | head -1)"
                + " && tar -C lost -cf crm-dir-lost.tar crm.dir");
        add("pg-dir-lost-file", ".pgdump", src.resolve("crm-dir-lost.tar"), false, "has no data file",
                pgRestoreDirTar(src, src.resolve("crm-dir-lost.tar")));
        RealTools.sh(src, "rm -rf lost && mkdir lost && cp -r crm.dir lost/ && rm lost/crm.dir/blob_*.dat.gz && tar -C lost -cf crm-dir-lost-blob.tar crm.dir");
        add("pg-dir-lost-large-object", ".pgdump", src.resolve("crm-dir-lost-blob.tar"), false, "for large object",
                pgRestoreDirTar(src, src.resolve("crm-dir-lost-blob.tar")));
        if (Files.exists(src.resolve("crm.dir17"))) postgres17(src);
        add("pg-plain-good", ".sql.gz", src.resolve("crm.sql.gz"), true, "plain SQL dump, 2 tables", null);
        add("pg-plain-cut", ".sql", cut(src.resolve("crm.sql"), 0.5), false, "inside the COPY data of public.deals", null);
        String plain = Files.readString(src.resolve("crm.sql"));
        Path plainNoFooter = Files.writeString(src.resolve("crm-no-footer.sql"), plain.substring(0, plain.indexOf("-- PostgreSQL database dump complete")));
        add("pg-plain-no-footer", ".sql", plainNoFooter, false, "ends without '-- PostgreSQL database dump complete'", null);
    }

    /** Archives of pg_dump 17 (lz4, zstd, large objects in a numbered TOC), each against pg_restore 17's verdict. */
    private static void postgres17(Path src) throws Exception {
        String restore = Postgres17Client.pgRestore();
        java.util.function.Function<Path, Boolean> pgRestore17 = f -> tool(src, restore, "--list", f.toString()) && tool(src, restore, "-f", "/dev/null", f.toString());
        Path zstd = src.resolve("crm17-zstd.dump");
        add("pg17-custom-zstd-good", ".dump", zstd, true, "custom pg_dump 17", pgRestore17.apply(zstd));
        add("pg17-custom-zstd-cut-60", ".dump", cut(zstd, 0.6), false, "inside the data of table public.deals", pgRestore17.apply(cut(zstd, 0.6)));
        Path lz4 = src.resolve("crm17-lz4.dump");
        add("pg17-custom-lz4-good", ".dump", lz4, true, "compression lz4", pgRestore17.apply(lz4));
        add("pg17-custom-lz4-cut-end", ".dump", cut(lz4, 0.9999), false, "cut short", pgRestore17.apply(cut(lz4, 0.9999)));
        RealTools.sh(src, "rm -rf dir17 && mkdir -p dir17/good dir17/lost && cp -r crm.dir17 dir17/good/crm.dir && cp -r crm.dir17 dir17/lost/crm.dir"
                + " && rm dir17/lost/crm.dir/blob_*.dat.zst && tar -C dir17/good -cf crm17-dir.tar crm.dir && tar -C dir17/lost -cf crm17-dir-lost-blob.tar crm.dir");
        add("pg17-dir-zstd-good", ".pgdump", src.resolve("crm17-dir.tar"), true, "directory pg_dump 17", pgRestore17.apply(src.resolve("dir17/good/crm.dir")));
        add("pg17-dir-zstd-lost-large-object", ".pgdump", src.resolve("crm17-dir-lost-blob.tar"), false, "for large object",
                pgRestore17.apply(src.resolve("dir17/lost/crm.dir")));
    }

    private static void sqlite(Path src) throws Exception {
        RealTools.sh(src, "sqlite3 app.db \"CREATE TABLE deals(id INTEGER PRIMARY KEY, company TEXT); CREATE INDEX deals_company ON deals(company);"
                + " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) INSERT INTO deals SELECT i, 'Acme ' || i FROM n;\""
                + " && cp app.db overwritten.db && dd if=/dev/urandom of=overwritten.db bs=4096 seek=40 count=2 conv=notrunc status=none");
        Path db = src.resolve("app.db");
        add("sqlite-good", ".db", db, true, "SQLite database, 1 table", sqliteOk(src, db));
        add("sqlite-cut", ".db", cut(db, 0.5), false, "cut short", sqliteOk(src, cut(db, 0.5)));
        add("sqlite-overwritten", ".db", src.resolve("overwritten.db"), false, "integrity_check", sqliteOk(src, src.resolve("overwritten.db")));
    }

    private static boolean sqliteOk(Path in, Path db) {
        RealTools.Result r = RealTools.run(in, "sqlite3", db.toString(), "PRAGMA integrity_check");
        return r.ok() && r.output().strip().equals("ok");
    }

    private static void mariadb(Path src) throws Exception {
        try (MariaDbServer db = MariaDbServer.start()) {
            db.sql("CREATE DATABASE crm; USE crm; CREATE TABLE deals (id int PRIMARY KEY, company varchar(64));"
                    + " INSERT INTO deals SELECT seq, CONCAT('Acme ', seq) FROM seq_1_to_20000;");
            Path dump = db.dump("crm", src.resolve("crm-mysql.sql"));
            Path cut = cut(dump, 0.5);
            add("mysql-good", ".sql", dump, true, "MySQL/MariaDB dump, 1 table", db.restores(dump, "check_good"));
            add("mysql-cut", ".sql", cut, false, "stops inside an INSERT into `deals`", db.restores(cut, "check_cut"));
            // Cut between two statements, before the footer: MariaDB loads it (without what came after), so only the
            // missing "Dump completed" line tells; no tool verdict to match, Patrol is stricter on purpose.
            String text = Files.readString(dump);
            Path noFooter = Files.writeString(dump.resolveSibling("no-footer-" + dump.getFileName()), text.substring(0, text.lastIndexOf("\n-- Dump completed") + 1));
            add("mysql-no-footer", ".sql", noFooter, false, "ends without '-- Dump completed on", null);
        }
    }

    private void check(String prefix) {
        List<Case> group = cases.values().stream().filter(c -> c.set().startsWith(prefix)).toList();
        assertThat(group).as("cases for " + prefix).isNotEmpty();
        assertThat(stderr).doesNotContain("Exception").doesNotContain("\tat ");
        for (Case c : group) {
            JsonNode r = results.get(c.set());
            assertThat(r).as(c.set()).isNotNull();
            String status = r.path("status").asString();
            String messages = r.path("message").asString() + " | " + r.path("details").path("problems").toString();
            assertThat(messages).as(c.set()).doesNotContain("(null)").doesNotContain("Exception").doesNotContain("broke off")
                    .doesNotContain("[Source:").doesNotContain("#UNKNOWN").doesNotContain("Feature").doesNotContainPattern("`(?:java|javax|dev|tools)\\.");
            assertThat(status).as(c.set() + ": " + messages).isEqualTo(c.ok() ? "ok" : "fail");
            assertThat(messages).as(c.set()).contains(c.says());
            if (c.tool() != null) assertThat(c.tool()).as(c.set() + ": the tool's own verdict").isEqualTo(c.ok());
        }
    }

    @Test
    void gzipAndZstdAgreeWithTheirTools() {
        check("gzip-");
        RealTools.require("zstd", "zstd");
        check("zstd-");
    }

    @Test
    void tarAndZipAgreeWithTarAndUnzipAndLinksOutOfTheArchiveFail() {
        check("tar-");
        check("tgz-");
        RealTools.require("unzip", "unzip");
        check("zip-");
    }

    @Test
    void csvJsonAndGitBundlesAgreeWithTheirReaders() {
        check("csv-");
        check("json");
        check("bundle-");
    }

    @Test
    void postgresDumpsAgreeWithPgRestore() {
        RealTools.require("initdb", "postgresql");
        check("pg-");
    }

    @Test
    void postgres17DumpsAgreeWithPgRestore17() {
        RealTools.require("initdb", "postgresql");
        Postgres17Client.require();
        check("pg17-");
    }

    @Test
    void sqliteFilesAgreeWithIntegrityCheck() {
        RealTools.require("sqlite3", "sqlite3");
        check("sqlite-");
    }

    @Test
    void mariadbDumpsAgreeWithLoadingThem() {
        RealTools.require("mariadbd", "mariadb-server");
        RealTools.require("mariadb-dump", "mariadb-client");
        check("mysql-");
    }
}
