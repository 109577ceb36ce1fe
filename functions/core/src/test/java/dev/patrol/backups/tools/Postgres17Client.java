package dev.patrol.backups.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.opentest4j.TestAbortedException;

/**
 * pg_dump and pg_restore 17: the first releases that write lz4 and zstd archives and large
 * objects in numbered groups. Debian bookworm has only PostgreSQL 15, so scripts/test fetches
 * trixie's postgresql-client-17 (see scripts/lib/test-tools.sh) into
 * {@code ~/.cache/patrol/test-tools/postgresql-17}, or {@code PATROL_TEST_PG17_BIN} names the folder.
 */
public final class Postgres17Client {
    private Postgres17Client() {}

    public static boolean available() {
        Path bin = bin();
        return Files.isExecutable(bin.resolve("pg_dump")) && Files.isExecutable(bin.resolve("pg_restore"))
                && RealTools.run(Path.of("/tmp"), Map.of(), java.util.List.of(bin.resolve("pg_dump").toString(), "--version"), 30).ok();
    }

    /** Skips the calling test, saying how to get the tools, unless they run. */
    public static void require() {
        if (!available()) {
            throw new TestAbortedException("skipped: PostgreSQL 17's pg_dump and pg_restore are not in " + bin()
                    + " (scripts/test fetches Debian trixie's postgresql-client-17 there; set PATROL_TEST_PG17_BIN to use others)");
        }
    }

    public static String pgDump() {
        return bin().resolve("pg_dump").toString();
    }

    public static String pgRestore() {
        return bin().resolve("pg_restore").toString();
    }

    private static Path bin() {
        String set = System.getenv("PATROL_TEST_PG17_BIN");
        if (set != null && !set.isBlank()) return Path.of(set);
        String cache = System.getenv("XDG_CACHE_HOME");
        Path base = cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("patrol/test-tools/postgresql-17/bin");
    }
}
