package dev.patrol.secrets;

import dev.patrol.secrets.git.HistoryScanner;
import dev.patrol.secrets.git.RepoSource;
import dev.patrol.secrets.git.ScanCursor;
import dev.patrol.secrets.git.ScanProgress;
import dev.patrol.secrets.git.ScanRequest;
import dev.patrol.secrets.git.ScanResult;
import dev.patrol.secrets.rules.RuleSet;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The benchmark's Java side (scripts/bench-secrets drives it):
 * {@code generate DIR COMMITS} builds a history of source-like files with a few
 * planted credentials; {@code add DIR N} adds N commits; {@code sweep DIR
 * [CURSOR_IN] CURSOR_OUT} sweeps (incrementally when given a cursor) and prints
 * one line of figures; {@code serve ROOT USER PASSWORD} serves the bare
 * repositories under ROOT over smart HTTP (git's own http-backend, {@link
 * GitHttpServer}) on loopback, prints its URL and serves until killed.
 */
public final class SweepBench {

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "generate" -> generate(Path.of(args[1]), Integer.parseInt(args[2]), 0);
            case "add" -> add(Path.of(args[1]), Integer.parseInt(args[2]));
            case "sweep" -> sweep(Path.of(args[1]), args.length > 3 ? Path.of(args[2]) : null, Path.of(args[args.length - 1]));
            case "serve" -> serve(Path.of(args[1]), args[2], args[3]);
            default -> throw new IllegalArgumentException("generate DIR COMMITS | add DIR N | sweep DIR [CURSOR_IN] CURSOR_OUT | serve ROOT USER PASSWORD");
        }
    }

    private static void serve(Path root, String user, String password) throws Exception {
        GitHttpServer server = GitHttpServer.serve(root, user, password);
        System.out.println(server.url());
        System.out.flush();
        Thread.currentThread().join(); // until the benchmark kills this process
    }

    private static void sweep(Path repo, Path cursorIn, Path cursorOut) throws Exception {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long mainAt = System.currentTimeMillis();
        RepoSource.tuneForSweeps();
        HistoryScanner scanner = HistoryScanner.preparing(() -> new dev.patrol.secrets.detect.Detector(RuleSet.defaults()),
                HistoryScanner.Options.defaults(), java.time.Clock.systemUTC());
        long rulesAt = System.currentTimeMillis();
        ScanCursor since = cursorIn == null ? null : readCursor(cursorIn);
        // -Dbench.repeat=2 sweeps twice in one JVM: the second run is what a warm process (a warm Lambda) pays.
        int repeat = Integer.getInteger("bench.repeat", 1);
        for (int run = 1; run <= repeat; run++) {
        long openAt = System.currentTimeMillis();
        try (RepoSource.Opened opened = RepoSource.open(repo.toString(), null, null, ScanProgress.NONE)) {
            long openedAt = System.currentTimeMillis();
            ScanResult r = scanner.scan(opened.repository(), new ScanRequest("bench", since, Set.of(), null), ScanProgress.NONE);
            writeCursor(r.cursor(), cursorOut);
            long peakHeap = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) peakHeap += pool.getPeakUsage().getUsed();
            }
            var s = r.stats();
            System.out.printf("startup: jvm→main %dms, setup %dms, open %dms, end %dms after jvm start%n", mainAt - jvmStart,
                    rulesAt - mainAt, openedAt - openAt, System.currentTimeMillis() - jvmStart);
            long sweptAt = System.currentTimeMillis();
            System.out.printf((run > 1 ? "warm-" : "") + "%s sweep=%.3fs commits=%d blobs=%d bytes=%.1fMB skippedBinary=%d skippedLarge=%d findings=%d scan=%.3fs (walk %.3fs, read %.3fs, detect %.3fs) peakHeap=%dMB%n",
                    r.full() ? "full" : "incremental", (sweptAt - openAt) / 1000.0, s.commits(), s.blobs(), s.bytes() / 1e6, s.skippedBinary(), s.skippedLarge(),
                    r.findings().size(), s.elapsed().toMillis() / 1000.0, s.walking().toMillis() / 1000.0,
                    s.reading().toMillis() / 1000.0, s.detecting().toMillis() / 1000.0, peakHeap >> 20);
        }
        }
    }

    // The cursor as lines (rules, time, then ref=commit): the process being timed should load what
    // `patrol secrets scan` loads, and that command needs no JSON mapper for a text report.
    private static void writeCursor(ScanCursor c, Path file) throws Exception {
        StringBuilder sb = new StringBuilder(c.rules() + "\n" + c.scannedAt() + "\n");
        c.tips().forEach((ref, id) -> sb.append(ref).append('=').append(id).append('\n'));
        Files.writeString(file, sb);
    }

    private static ScanCursor readCursor(Path file) throws Exception {
        var lines = Files.readAllLines(file);
        Map<String, String> tips = new HashMap<>();
        for (String l : lines.subList(2, lines.size())) tips.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1));
        return new ScanCursor(tips, lines.get(0), java.time.Instant.parse(lines.get(1)));
    }

    /** A history of ~{@code commits} commits over a few hundred source-like files, each commit editing one or two. */
    static void generate(Path dir, int commits, long seed) throws Exception {
        Random random = new Random(seed);
        FakeCredentials fakes = new FakeCredentials(seed);
        try (HistoryBuilder git = new HistoryBuilder(dir)) {
            Map<String, StringBuilder> files = new HashMap<>();
            Map<String, String> first = new HashMap<>();
            for (int f = 0; f < 1200; f++) {
                StringBuilder sb = new StringBuilder();
                for (int l = 0; l < 120 + random.nextInt(480); l++) sb.append(codeLine(random, fakes)).append('\n');
                String path = "src/module" + (f % 20) + "/File" + f + (f % 3 == 0 ? ".py" : f % 3 == 1 ? ".java" : ".js");
                files.put(path, sb);
                first.put(path, sb.toString());
            }
            git.commit("main", "initial import", first);
            String[] paths = files.keySet().toArray(String[]::new);
            for (int c = 1; c < commits; c++) {
                Map<String, String> change = new HashMap<>();
                for (int k = 0; k < 2 + random.nextInt(4); k++) {
                    String p = paths[random.nextInt(paths.length)];
                    StringBuilder sb = files.get(p);
                    // an edit: some lines replaced, some added, at one place in the file
                    int at = sb.indexOf("\n", random.nextInt(Math.max(1, sb.length() - 400))) + 1;
                    int cut = Math.min(sb.length(), sb.indexOf("\n", Math.min(sb.length() - 1, at + random.nextInt(600))) + 1);
                    if (cut > at) sb.delete(at, cut);
                    StringBuilder insert = new StringBuilder();
                    for (int l = 0; l < 4 + random.nextInt(30); l++) insert.append(codeLine(random, fakes)).append('\n');
                    if (c % 250 == 0 && k == 0) insert.append("GITHUB_TOKEN = \"").append("gh").append("p_").append(fakes.alnum(36)).append("\"\n");
                    sb.insert(at, insert);
                    change.put(p, sb.toString());
                }
                git.commit("main", "change " + c, change);
            }
        }
    }

    static void add(Path dir, int n) throws Exception {
        try (var repo = new org.eclipse.jgit.storage.file.FileRepositoryBuilder().setGitDir(dir.toFile()).build();
             var ins = repo.newObjectInserter(); var walk = new org.eclipse.jgit.revwalk.RevWalk(repo)) {
            Random random = new Random(n);
            FakeCredentials fakes = new FakeCredentials(n);
            var head = walk.parseCommit(repo.resolve("refs/heads/main"));
            for (int i = 0; i < n; i++) {
                StringBuilder sb = new StringBuilder();
                for (int l = 0; l < 200; l++) sb.append(codeLine(random, fakes)).append('\n');
                if (i == n - 1) sb.append("SLACK = \"").append("xo").append("xb-").append(fakes.chars("0123456789", 12)).append('-')
                        .append(fakes.chars("0123456789", 13)).append('-').append(fakes.alnum(24)).append("\"\n");
                var blob = ins.insert(org.eclipse.jgit.lib.Constants.OBJ_BLOB, sb.toString().getBytes());
                var dc = org.eclipse.jgit.dircache.DirCache.read(repo.newObjectReader(), head.getTree());
                var b = dc.builder();
                for (int e = 0; e < dc.getEntryCount(); e++) if (!dc.getEntry(e).getPathString().equals("src/new" + i + ".py")) b.add(dc.getEntry(e));
                var entry = new org.eclipse.jgit.dircache.DirCacheEntry("src/new" + i + ".py");
                entry.setFileMode(org.eclipse.jgit.lib.FileMode.REGULAR_FILE);
                entry.setObjectId(blob);
                b.add(entry);
                b.finish();
                var cb = new org.eclipse.jgit.lib.CommitBuilder();
                cb.setTreeId(dc.writeTree(ins));
                cb.setParentId(head);
                var who = new org.eclipse.jgit.lib.PersonIdent("Bench", "bench@acme.example");
                cb.setAuthor(who);
                cb.setCommitter(who);
                cb.setMessage("new commit " + i);
                var id = ins.insert(cb);
                ins.flush();
                head = walk.parseCommit(id);
            }
            var u = repo.updateRef("refs/heads/main");
            u.setNewObjectId(head);
            u.setForceUpdate(true);
            u.update();
        }
    }

    private static final String[] WORDS = {"order", "customer", "deal", "pipeline", "stage", "amount", "owner", "sync", "batch",
            "record", "export", "import", "value", "result", "items", "count", "index", "client", "report", "status", "user", "session"};

    private static String codeLine(Random r, FakeCredentials fakes) {
        String a = WORDS[r.nextInt(WORDS.length)];
        String b = WORDS[r.nextInt(WORDS.length)];
        if (r.nextInt(200) == 0) {
            // what code that handles credentials looks like, without any
            return switch (r.nextInt(4)) {
                case 0 -> "    headers[\"Authorization\"] = \"Bearer \" + token";
                case 1 -> "    password = request.form[\"password\"]";
                case 2 -> "    api_key = os.environ.get(\"API_KEY\")";
                default -> "    const secret = await vault.read(\"" + a + "/" + b + "\");";
            };
        }
        return switch (r.nextInt(6)) {
            case 0 -> "    " + a + "_" + b + " = compute_" + a + "(" + b + ", " + r.nextInt(1000) + ")";
            case 1 -> "    if (" + a + "." + b + " > " + r.nextInt(100) + ") { return " + b + "; }";
            case 2 -> "    // " + a + " " + b + " " + fakes.chars("abcdefghijklmnopqrstuvwxyz ", 40 + r.nextInt(40));
            case 3 -> "    log.info(\"" + a + " " + b + " {}\", " + a + "Id);";
            case 4 -> "    " + a + "Map.put(\"" + b + "\", " + a + ".get(\"" + b + "\"));";
            default -> "    const " + a + b + " = await fetch" + b + "(" + a + ", { retries: " + r.nextInt(5) + " });";
        };
    }
}
