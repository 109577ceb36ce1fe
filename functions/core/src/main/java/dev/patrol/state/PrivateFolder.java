package dev.patrol.state;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * A folder only its owner may read: embedded state and kept clones hold findings,
 * repository history and the names of everything Patrol watches. Made mode 700, and an
 * existing one is tightened to it (a folder made by an older Patrol, or by {@code mkdir}).
 */
public final class PrivateFolder {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private PrivateFolder() {}

    /** Creates {@code dir} (and missing parents) if need be, and leaves it readable by its owner only. */
    public static Path create(Path dir) throws IOException {
        if (!POSIX) return Files.createDirectories(dir);
        if (!Files.isDirectory(dir)) {
            Path parent = dir.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // another process made it first: tightened below
            }
        }
        if (!Files.getPosixFilePermissions(dir).equals(OWNER_ONLY)) Files.setPosixFilePermissions(dir, OWNER_ONLY);
        return dir;
    }
}
