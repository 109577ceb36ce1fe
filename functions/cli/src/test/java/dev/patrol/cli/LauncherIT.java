package dev.patrol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/patrol}, the launcher users and cron run, with its JVM cache: the JVM never
 * writes to the terminal (cron mails every line), a cache the JVM cannot use is dropped and
 * made again, the cache folder stays within its bound, and a sweep's heap is sized from its repository.
 */
class LauncherIT {
    private static final Path LAUNCHER = Path.of("../../scripts/patrol").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private PatrolProcess.Result launch(Map<String, String> env, String... args) throws Exception {
        var cmd = new java.util.ArrayList<>(java.util.List.of(LAUNCHER.toString()));
        cmd.addAll(java.util.List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().remove("PATROL_CONFIG");
        pb.environment().put("PATROL_JVM_CACHE_DIR", dir.resolve("cache").toString());
        pb.environment().putAll(env);
        Path out = dir.resolve("launch.out");
        Path err = dir.resolve("launch.err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new PatrolProcess.Result(p.exitValue(), Files.readString(out), Files.readString(err), 0);
    }

    /** The cache is made in the background after a command's first run. */
    private Path madeCache(long notSize) throws Exception {
        Path cache = dir.resolve("cache/config.aot");
        for (int i = 0; i < 600 && !(Files.exists(cache) && Files.size(cache) != notSize); i++) Thread.sleep(200);
        assertThat(cache).exists();
        return cache;
    }

    @Test
    void theJvmNeverWritesToTheTerminalAndACacheItCannotUseIsMadeAgain() throws Exception {
        Files.writeString(dir.resolve("patrol.yml"), "name: launcher\n");

        PatrolProcess.Result recording = launch(Map.of(), "config", "validate");
        Path cache = madeCache(-1);
        PatrolProcess.Result cached = launch(Map.of(), "config", "validate");
        // A cache the JVM cannot map: cut short, as a full disk or a kill while copying leaves it.
        try (RandomAccessFile f = new RandomAccessFile(cache.toFile(), "rw")) {
            f.setLength(1_000_000);
        }
        PatrolProcess.Result stale = launch(Map.of(), "config", "validate");
        PatrolProcess.Result again = launch(Map.of(), "config", "validate");

        for (PatrolProcess.Result r : java.util.List.of(recording, cached, stale, again)) {
            assertThat(r.exit()).isZero();
            assertThat(r.out()).startsWith("config OK: launcher");
            assertThat(r.err()).isEmpty();
        }
        assertThat(Files.size(madeCache(1_000_000))).isGreaterThan(1_000_000);
    }

    /** A zstd backup's restore test runs aircompressor, which uses sun.misc.Unsafe: JDK 24+ would warn about it on stderr. */
    @Test
    void librariesUsingUnsafeDoNotMakeTheJvmWarn() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("backups"));
        String night = java.time.LocalDate.now(java.time.ZoneOffset.UTC).format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
        Files.write(folder.resolve("db_" + night + ".csv.zst"), dev.patrol.backups.Fixtures.zstd("id,amount\n1,100\n2,200\n".getBytes()));
        Files.writeString(dir.resolve("patrol.yml"), """
                name: launcher
                backups:
                  - { name: db, location: ./backups, pattern: "db_{yyyyMMdd}.csv.zst", every: 1d, maxAge: 26h, minSize: 10B }
                """);

        PatrolProcess.Result r = launch(Map.of("PATROL_JVM_CACHE", "off"), "run", "backups");

        assertThat(r.out()).contains("zstd + csv ok");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void theCacheFolderStaysWithinItsBoundDroppingTheCachesUsedLongestAgo() throws Exception {
        Files.writeString(dir.resolve("patrol.yml"), "name: launcher\n");
        Path folder = Files.createDirectories(dir.resolve("cache"));
        int day = 3;
        for (String name : java.util.List.of("run-health", "run-backups", "findings")) {
            Path f = Files.write(folder.resolve(name + ".aot"), new byte[8 << 20]); // written, not sparse: du counts it
            lastUsed(f, Instant.now().minus(day--, ChronoUnit.DAYS));
        }

        PatrolProcess.Result r = launch(Map.of("PATROL_JVM_CACHE_MAX_MB", "20"), "config", "validate");

        assertThat(r.exit()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(folder.resolve("run-health.aot")).doesNotExist();
        assertThat(folder.resolve("run-backups.aot")).exists();
        assertThat(folder.resolve("findings.aot")).exists();
    }

    /**
     * A sweep's heap comes from the repository, not from the machine (the JVM's default, a
     * quarter of its memory, let a 20,000-commit sweep reach 1.2 GB of RSS): 256 MB plus 384
     * bytes an object in the pack indexes; 768 MB for a URL, which cannot be measured before the
     * clone; and a user's own -Xmx wins. Read from the JVM's own report of its settings.
     */
    @Test
    void aSweepsHeapIsSizedFromTheRepositoryItSweeps() throws Exception {
        Path small = Files.createDirectories(dir.resolve("small/objects/pack"));
        Files.write(small.resolve("pack-a.idx"), new byte[1_000]);
        // ~100,000 objects' worth of pack index (28 bytes an object): 36 MB more
        Path large = Files.createDirectories(dir.resolve("large/objects/pack"));
        Files.write(large.resolve("pack-b.idx"), new byte[2_800_000]);
        Files.write(large.resolve("pack-b.pack"), new byte[4_000_000]); // packs themselves do not count

        assertThat(maxHeapMb(Map.of(), dir.resolve("small").toString())).isEqualTo(256);
        assertThat(maxHeapMb(Map.of(), dir.resolve("large").toString())).isBetween(290, 294);
        assertThat(maxHeapMb(Map.of(), "http://127.0.0.1:1/nothing.git")).isEqualTo(768);
        assertThat(maxHeapMb(Map.of("PATROL_JAVA_OPTS", "-XshowSettings:vm -Xmx300m"), dir.resolve("large").toString())).isEqualTo(300);
    }

    private int maxHeapMb(Map<String, String> env, String target) throws Exception {
        Map<String, String> all = new java.util.HashMap<>(Map.of("PATROL_JVM_CACHE", "off", "PATROL_JAVA_OPTS", "-XshowSettings:vm"));
        all.putAll(env);
        PatrolProcess.Result r = launch(all, "secrets", "scan", target);
        var m = java.util.regex.Pattern.compile("Max\\. Heap Size: (\\d+)\\.00M").matcher(r.err());
        assertThat(m.find()).as(r.err()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    /**
     * A command's first run records its JVM cache, so the launcher cannot exec java and stays its parent: a
     * SIGTERM (kill, systemd, a CI timeout) or SIGINT sent to the launcher must reach java at once, which
     * releases the job's lease. Before, bash took the signal only once java had ended, and a run held at
     * a crash point (as a hung check would hold it) never ended; its lease then blocked the next run.
     */
    @Test
    void aSignalToTheLauncherDuringACommandsFirstRunReachesJavaAndFreesTheJob() throws Exception {
        try (TestService service = new TestService()) {
            service.healthStatus.set("unhealthy");
            Files.writeString(dir.resolve("patrol.yml"), """
                    alerts: { file: alerts.jsonl }
                    health:
                      endpoints:
                        - { name: backend, url: "%s", timeout: 5s, failAfter: 1 }
                    """.formatted(service.url("/health")));
            for (String signal : java.util.List.of("TERM", "INT")) {
                assertThat(dir.resolve("cache/run-health.aot")).doesNotExist(); // so that this is a first, recording run
                ProcessBuilder pb = new ProcessBuilder(LAUNCHER.toString(), "run", "health").directory(dir.toFile());
                pb.environment().remove("PATROL_CONFIG");
                pb.environment().put("PATROL_JVM_CACHE_DIR", dir.resolve("cache").toString());
                pb.environment().put("PATROL_CRASH_POINT", "observe");
                Path err = dir.resolve("held.err");
                Process launcher = pb.redirectOutput(dir.resolve("held.out").toFile()).redirectError(err.toFile()).start();
                for (int i = 0; i < 900 && !Files.readString(err).contains("crash point observe reached"); i++) Thread.sleep(100);
                assertThat(Files.readString(err)).as("held at the check").contains("crash point observe reached");
                java.util.List<ProcessHandle> java = launcher.descendants().toList();

                new ProcessBuilder("kill", "-" + signal, Long.toString(launcher.pid())).start().waitFor();

                assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).as("the launcher ended after SIG" + signal).isTrue();
                assertThat(launcher.exitValue()).as(signal).isNotIn(0, 1);
                for (ProcessHandle p : java) {
                    assertThat(p.onExit().get(30, TimeUnit.SECONDS).isAlive()).as("java ended too").isFalse();
                }
                PatrolProcess.Result next = launch(Map.of("PATROL_JVM_CACHE", "off"), "run", "health");
                assertThat(next.exit()).as(next.err()).isEqualTo(1);
                assertThat(next.out() + next.err()).doesNotContain("another health run").doesNotContain("another patrol command");
            }
        }
    }

    /**
     * JVM options the JVM refuses made it print "Error: Could not create the Java Virtual Machine." on stderr and
     * exit 1 (which reads as "problems found"), with nothing on stdout for --json. Now a configuration error in
     * Patrol's words, exit 2, and with --json one error document; options it accepts run as before.
     */
    @Test
    void javaOptionsTheJvmRefusesAreAConfigurationErrorInPatrolsWords() throws Exception {
        for (String opts : java.util.List.of("-Xmxfoo", "-XX:+NoSuchFlag", "--bogus", "-XX:MaxRAM=1")) {
            PatrolProcess.Result r = launch(Map.of("PATROL_JAVA_OPTS", opts), "mutes", "--json");
            assertThat(r.exit()).as(opts + ": " + r.err()).isEqualTo(2);
            assertThat(r.err()).as(opts).startsWith("patrol: PATROL_JAVA_OPTS=\"" + opts + "\" is not accepted by Java")
                    .doesNotContain("Error: Could not create").doesNotContain("fatal exception").hasLineCount(1);
            var doc = dev.patrol.state.Json.MAPPER.readTree(r.out());
            assertThat(doc.get("error").get("kind").asString()).isEqualTo("config");
            assertThat(doc.get("error").get("message").asString()).contains(opts);
        }
        Files.writeString(dir.resolve("patrol.yml"), "name: launcher\n");
        for (int i = 0; i < 2; i++) { // tried once, then remembered
            PatrolProcess.Result ok = launch(Map.of("PATROL_JAVA_OPTS", "-Xmx64m", "PATROL_JVM_CACHE", "off"), "config", "validate");
            assertThat(ok.exit()).as(ok.err()).isZero();
            assertThat(ok.err()).isEmpty();
        }
    }

    /**
     * A machine whose only JDK is 17 (JAVA_HOME, the JDK folder and the javac on PATH all lead to it): the
     * launcher says what it found and how to fix it, exit 2, and with --json the one error document, before
     * any Java starts. {@code PATROL_JVM_DIR} stands for /usr/lib/jvm, which holds JDK 25 here.
     */
    @Test
    void withOnlyAJdkOlderThan21TheLauncherSaysWhatItFoundAndHowToFixIt() throws Exception {
        Path jdk17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(jdk17.resolve("bin/javac")), "JDK 17 is not installed at " + jdk17);
        Path jvms = Files.createDirectories(dir.resolve("jvm"));
        Files.createSymbolicLink(jvms.resolve("java-1.17.0-openjdk-amd64"), jdk17);
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("javac"), jdk17.resolve("bin/javac"));
        Map<String, String> env = Map.of("JAVA_HOME", jdk17.toString(), "PATROL_JVM_DIR", jvms.toString(),
                "PATH", bin + ":/usr/bin:/bin", "PATROL_JVM_CACHE", "off");

        for (String[] args : new String[][] {{"run", "health"}, {"mutes", "--json"}}) {
            PatrolProcess.Result r = launch(env, args);

            assertThat(r.exit()).as(r.err()).isEqualTo(2);
            assertThat(r.err()).startsWith("patrol: no JDK 21 or newer found (only JDK 17 at " + jdk17 + "): install one")
                    .contains("set JAVA_HOME to it").contains("Looked at JAVA_HOME (" + jdk17 + "), " + jvms + "/* and the javac on PATH")
                    .hasLineCount(2).doesNotContain("UnsupportedClassVersionError").doesNotContain("building");
            if (args[args.length - 1].equals("--json")) {
                var doc = dev.patrol.state.Json.MAPPER.readTree(r.out());
                assertThat(doc.get("status").asString()).isEqualTo("error");
                assertThat(doc.get("error").get("kind").asString()).isEqualTo("config");
                assertThat(doc.get("error").get("exitCode").asInt()).isEqualTo(2);
                assertThat(doc.get("error").get("message").asString()).startsWith("no JDK 21 or newer found (only JDK 17 at ");
            } else {
                assertThat(r.out()).isEmpty();
            }
        }
    }

    private static void lastUsed(Path f, Instant at) throws IOException {
        Files.getFileAttributeView(f, BasicFileAttributeView.class).setTimes(null, FileTime.from(at), null);
    }
}
