package dev.patrol.backups.restore;

import java.io.IOException;
import java.io.InputStream;

/**
 * The files of a backup kept as a folder ({@code toc.dat}, {@code 3456.dat.gz}), opened by
 * name. The caller decides how they are read from the store (metered, checksummed), so a
 * store that fails while streaming is told apart from a broken file.
 */
@FunctionalInterface
public interface FolderFiles {
    InputStream open(String name) throws IOException;
}
