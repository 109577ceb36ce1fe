package dev.patrol.backups.snapshot;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.BundleWriter;

/**
 * What a snapshot copies, by what the {@code source} path is: a git repository
 * (working tree or bare) becomes a bundle of all its refs, another folder a tar.gz,
 * a file itself (gzipped on the way when the object's name ends in .gz and the file's does not).
 */
sealed interface SnapshotSource {

    /** "git", "folder" or "file", as written in the manifest. */
    String kind();

    /** Writes the snapshot's bytes. */
    void writeTo(OutputStream out) throws IOException;

    /** What the source held, for the manifest (refs, file counts). */
    Map<String, Object> contents();

    static SnapshotSource of(Path path, String objectName) throws IOException {
        if (!Files.exists(path)) throw new IOException("source " + path + " does not exist");
        if (Files.isDirectory(path)) {
            Path gitDir = Files.isDirectory(path.resolve(".git")) ? path.resolve(".git")
                    : Files.isRegularFile(path.resolve("HEAD")) && Files.isDirectory(path.resolve("objects")) ? path : null;
            return gitDir != null ? new GitRepository(gitDir) : new Folder(path);
        }
        boolean gzip = objectName.endsWith(".gz") && !path.getFileName().toString().endsWith(".gz");
        return new SingleFile(path, gzip);
    }

    /** A git repository: a bundle of every ref, which {@code git clone x.bundle} restores. */
    record GitRepository(Path gitDir) implements SnapshotSource {
        @Override
        public String kind() {
            return "git";
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            try (Repository repo = open()) {
                List<Ref> refs = refs(repo);
                if (refs.isEmpty()) throw new IOException("repository " + gitDir + " has no commits to bundle");
                BundleWriter bundle = new BundleWriter(repo);
                refs.forEach(bundle::include);
                bundle.writeBundle(NullProgressMonitor.INSTANCE, out);
            }
        }

        @Override
        public Map<String, Object> contents() {
            try (Repository repo = open()) {
                Map<String, Object> refs = new TreeMap<>();
                refs(repo).forEach(r -> refs.put(r.getName(), r.getObjectId().name()));
                return Map.of("refs", refs);
            } catch (IOException e) {
                return Map.of();
            }
        }

        private Repository open() throws IOException {
            return new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setMustExist(true).build();
        }

        /** Every ref that names an object; HEAD and other symbolic refs are carried by what they point to. */
        private static List<Ref> refs(Repository repo) throws IOException {
            return repo.getRefDatabase().getRefs().stream().filter(r -> r.getObjectId() != null && !r.isSymbolic()).toList();
        }
    }

    /** A folder: a tar.gz of its files with relative paths; symbolic links are stored as links, never followed. */
    record Folder(Path root) implements SnapshotSource {
        @Override
        public String kind() {
            return "folder";
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(
                    new GZIPOutputStream(new BufferedOutputStream(out, 1 << 16), 1 << 16));
                 Stream<Path> paths = Files.walk(root)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                for (Path p : (Iterable<Path>) paths.sorted()::iterator) {
                    if (p.equals(root)) continue;
                    String name = root.relativize(p).toString().replace('\\', '/');
                    if (Files.isSymbolicLink(p)) {
                        TarArchiveEntry link = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
                        link.setLinkName(Files.readSymbolicLink(p).toString());
                        tar.putArchiveEntry(link);
                    } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                        tar.putArchiveEntry(tar.createArchiveEntry(p.toFile(), name + "/"));
                    } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                        tar.putArchiveEntry(tar.createArchiveEntry(p.toFile(), name));
                        try (InputStream in = Files.newInputStream(p)) {
                            in.transferTo(tar);
                        }
                    } else {
                        continue; // sockets, devices: nothing a restore could use
                    }
                    tar.closeArchiveEntry();
                }
                tar.finish();
            }
        }

        @Override
        public Map<String, Object> contents() {
            try (Stream<Path> paths = Files.walk(root)) {
                long[] counts = new long[2];
                paths.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).forEach(p -> {
                    counts[0]++;
                    counts[1] += p.toFile().length();
                });
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("files", counts[0]);
                c.put("bytes", counts[1]);
                return c;
            } catch (IOException e) {
                return Map.of();
            }
        }
    }

    /** A single file, copied as it is or gzipped. */
    record SingleFile(Path file, boolean gzip) implements SnapshotSource {
        @Override
        public String kind() {
            return "file";
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            try (InputStream in = Files.newInputStream(file)) {
                if (gzip) {
                    GZIPOutputStream z = new GZIPOutputStream(out, 1 << 16);
                    in.transferTo(z);
                    z.finish();
                } else {
                    in.transferTo(out);
                }
            }
        }

        @Override
        public Map<String, Object> contents() {
            return Map.of("file", file.getFileName().toString(), "bytes", file.toFile().length());
        }
    }
}
