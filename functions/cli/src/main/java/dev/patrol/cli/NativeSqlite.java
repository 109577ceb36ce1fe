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
import software.amazon.dynamodb.services.local.shared.access.sqlite.SQLiteLibraryLoaderUtil;

/**
 * DynamoDB Local's native SQLite library, extracted once into Patrol's cache folder.
 *
 * <p>Left to itself, DynamoDB Local copies the 900 KB library to
 * {@code /tmp/sqlite-VERSION-UUID-libsqlite4java.so} in every process and deletes it
 * on a normal exit only, so every killed run left one behind. Its loader takes a
 * library that already exists at {@code org.sqlite.lib.path}/{@code org.sqlite.lib.name}:
 * Patrol puts one there, named by the library's checksum (a new DynamoDB Local brings
 * a new folder), and removes what killed runs left in the temporary folder.
 */
final class NativeSqlite {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(NativeSqlite.class);
    private static final String RESOURCES = "/software/amazon/dynamodb/services/local/shared/access/sqlite/native/";
    /** A copy this young may belong to a process between extracting and loading it. */
    private static final Duration DEBRIS_AGE = Duration.ofMinutes(1);

    private NativeSqlite() {}

    /** Points DynamoDB Local at the cached library; on any trouble it falls back to its own extraction. */
    static void install() {
        removeDebris(Path.of(System.getProperty("java.io.tmpdir")));
        try {
            String name = SQLiteLibraryLoaderUtil.getNativeLibName();
            URL resource = NativeSqlite.class.getResource(RESOURCES + SQLiteLibraryLoaderUtil.getNativeLibFolderPathForCurrentOS() + "/" + name);
            if (resource == null) return;
            Path dir = cacheFolder().resolve("sqlite4java-" + fingerprint(resource));
            Path lib = dir.resolve(name);
            if (!Files.isRegularFile(lib)) extract(resource, dir, lib);
            System.setProperty("org.sqlite.lib.path", dir.toString());
            System.setProperty("org.sqlite.lib.name", name);
        } catch (IOException | RuntimeException e) {
            log.debug("could not cache the native SQLite library; DynamoDB Local extracts its own", e);
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
        try (DirectoryStream<Path> copies = Files.newDirectoryStream(tmp, "sqlite-*-libsqlite4java*")) {
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
