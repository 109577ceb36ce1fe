package dev.patrol.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * The native SQLite library of sqlite-jdbc, extracted once into Patrol's cache folder.
 *
 * <p>Left to themselves, DynamoDB Local and sqlite-jdbc copy a 900 KB library to
 * {@code /tmp/sqlite-VERSION-UUID-lib….so} in every process and delete it on a normal
 * exit only, so every killed run left one behind. Both load a library that already
 * exists at {@code org.sqlite.lib.path}/{@code org.sqlite.lib.name}: Patrol puts one
 * there, named by the library's checksum (a new version brings a new folder), and
 * removes what killed runs left in the temporary folder.
 *
 * <p>It must be sqlite-jdbc's own library, not the older one DynamoDB Local bundles: one
 * process has one {@code org.sqlite.core.NativeDB} class (the sqlite-jdbc on the class
 * path, which DynamoDB Local uses too), and the backups job's SQLite check calls native
 * methods the older library lacks.
 */
final class NativeSqlite {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(NativeSqlite.class);
    /** A copy this young may belong to a process between extracting and loading it. */
    private static final Duration DEBRIS_AGE = Duration.ofMinutes(1);

    private NativeSqlite() {}

    /** Points sqlite-jdbc (and so DynamoDB Local) at the cached library; on any trouble it falls back to its own extraction. */
    static void install() {
        removeDebris(Path.of(System.getProperty("java.io.tmpdir")));
        try {
            String name = LibraryLoaderUtil.getNativeLibName();
            URL resource = SQLiteJDBCLoader.class.getResource(LibraryLoaderUtil.getNativeLibResourcePath() + "/" + name);
            if (resource == null) return;
            Path dir = cacheFolder().resolve("sqlite-jdbc-" + fingerprint(resource));
            Path lib = dir.resolve(name);
            if (!Files.isRegularFile(lib)) extract(resource, dir, lib);
            System.setProperty("org.sqlite.lib.path", dir.toString());
            System.setProperty("org.sqlite.lib.name", name);
        } catch (IOException | RuntimeException e) {
            log.debug("could not cache the native SQLite library; sqlite-jdbc extracts its own", e);
        }
    }

    /** {@code $XDG_CACHE_HOME/patrol}, else {@code ~/.cache/patrol}. */
    static Path cacheFolder() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("patrol");
    }

    /** The jar entry's CRC and size (no read of 900 KB at every start); the bytes' hash outside a jar. */
    private static String fingerprint(URL resource) throws IOException {
        URLConnection c = resource.openConnection();
        c.setUseCaches(false);
        if (c instanceof JarURLConnection jar && jar.getJarEntry().getCrc() >= 0) {
            return Long.toHexString(jar.getJarEntry().getCrc()) + "-" + jar.getJarEntry().getSize();
        }
        try (InputStream in = c.getInputStream()) {
            return Integer.toHexString(java.util.Arrays.hashCode(in.readAllBytes()));
        }
    }

    /** Written beside its final name and moved there in one step: two processes starting together both end with a whole file. */
    private static void extract(URL resource, Path dir, Path lib) throws IOException {
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + lib.getFileName(), ".part");
        try {
            URLConnection c = resource.openConnection();
            c.setUseCaches(false);
            try (InputStream in = c.getInputStream()) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(tmp, lib, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Copies that earlier processes (of Patrol or an older version of it) extracted and could not delete because they were killed. */
    static void removeDebris(Path tmp) {
        Instant before = Instant.now().minus(DEBRIS_AGE);
        try (DirectoryStream<Path> copies = Files.newDirectoryStream(tmp, "sqlite-*-lib{sqlite4java,sqlitejdbc}*")) {
            for (Path copy : copies) {
                try {
                    FileTime modified = Files.getLastModifiedTime(copy);
                    // Linux keeps a loaded library mapped after its file is deleted: a live process loses nothing.
                    if (modified.toInstant().isBefore(before) && Files.isRegularFile(copy)) Files.deleteIfExists(copy);
                } catch (IOException notOurs) {
                    // another user's, or gone already
                }
            }
        } catch (IOException | RuntimeException e) {
            log.debug("could not look for old native library copies in {}", tmp, e);
        }
    }
}
