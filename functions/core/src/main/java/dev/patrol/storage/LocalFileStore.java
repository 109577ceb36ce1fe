package dev.patrol.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Local folders as an object store: a location is a file path, "objects" are regular
 * files, listing walks the folder tree. Used on laptops and CI, and by the tests of
 * everything that reads backups.
 *
 * <p>It lives in core, not in the adapters, because it is plain JDK (no SDK, no
 * service) and because core's own tests, the CLI's local mode and the health job's
 * freshness check of a local path all need it without pulling in the AWS adapters.
 *
 * <p>Folders have no checksum metadata: {@link ObjectInfo#checksums()} is empty and
 * integrity comes from sidecars and manifests. Writes go to a temporary file in the
 * same folder and are moved into place, so a reader never sees half an object.
 */
public final class LocalFileStore implements ObjectStore {

    @Override
    public boolean handles(String location) {
        return location != null && (location.startsWith("file://") || !location.contains("://"));
    }

    @Override
    public Optional<ObjectInfo> stat(String location) throws IOException {
        Path path = path(location);
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            return a.isRegularFile() ? Optional.of(info(location, a)) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw translate(location, e);
        }
    }

    @Override
    public ObjectContent open(String location) throws IOException {
        return open(location, 0, Long.MAX_VALUE);
    }

    @Override
    public ObjectContent open(String location, long offset, long length) throws IOException {
        Path path = path(location);
        try {
            FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
            try {
                BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
                channel.position(offset);
                InputStream in = Channels.newInputStream(channel);
                long available = Math.max(0, a.size() - offset);
                return new ObjectContent(info(location, a), length >= available ? in : new BoundedInputStream(in, length));
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw translate(location, e);
        }
    }

    @Override
    public Stream<ObjectInfo> list(String prefix) throws IOException {
        String normalized = stripScheme(prefix);
        String scheme = prefix.substring(0, prefix.length() - normalized.length()); // "file://" or ""
        int slash = normalized.lastIndexOf('/');
        String baseText = normalized.substring(0, slash + 1); // paths are this folder text + relative path
        Path base = baseText.isEmpty() ? Path.of(".") : Path.of(baseText);
        if (!Files.isDirectory(base)) return Stream.empty();
        try {
            return Files.walk(base)
                    .filter(p -> !p.equals(base))
                    .map(p -> baseText + base.relativize(p).toString().replace('\\', '/'))
                    .filter(path -> path.startsWith(normalized) && !isTemporary(path))
                    .flatMap(path -> {
                        try {
                            BasicFileAttributes a = Files.readAttributes(Path.of(path), BasicFileAttributes.class);
                            // Locations come back in the form they were asked for, file:// included.
                            return a.isRegularFile() ? Stream.of(info(scheme + path, a)) : Stream.empty();
                        } catch (NoSuchFileException gone) {
                            return Stream.empty(); // deleted while we walked: it is simply not listed
                        } catch (IOException e) {
                            throw new UncheckedIOException(translate(scheme + path, e));
                        }
                    });
        } catch (IOException e) {
            throw translate(prefix, e);
        }
    }

    @Override
    public PutResult put(String location, InputStream content, long size) throws IOException {
        MessageDigest sha256 = sha256();
        long written = replace(location, out -> {
            long n = 0;
            byte[] buffer = new byte[1 << 20];
            for (int r; (r = content.read(buffer)) > 0; ) {
                sha256.update(buffer, 0, r);
                out.write(buffer, 0, r);
                n += r;
            }
            if (size >= 0 && n != size) {
                throw new ObjectStoreException(ObjectStoreException.Reason.REJECTED,
                        "wrote " + n + " bytes to " + location + " but " + size + " were announced", null);
            }
            return n;
        });
        return new PutResult(location, written, HexFormat.of().formatHex(sha256.digest()));
    }

    /** No checksum: nobody reads it, and hashing a report's 1.6 MB twice a run was a fifth of its work. */
    @Override
    public void write(String location, byte[] content, String contentType) throws IOException {
        replace(location, out -> {
            out.write(content);
            return content.length;
        });
    }

    private interface Contents {
        long writeTo(OutputStream out) throws IOException;
    }

    /** Writes to a temporary file in the same folder and moves it into place: a reader never sees half an object. */
    private long replace(String location, Contents contents) throws IOException {
        Path target = path(location);
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        removeLeftovers(dir, target.getFileName().toString());
        // The writer's pid in the name tells a later writer whether the partial file is still being written.
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + "." + ProcessHandle.current().pid() + ".", TEMP_SUFFIX);
        try {
            long written;
            try (OutputStream out = Files.newOutputStream(tmp)) {
                written = contents.writeTo(out);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return written;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public Optional<String> link(String location, java.time.Duration validFor) {
        return Optional.of(java.nio.file.Path.of(location).toAbsolutePath().normalize().toUri().toString());
    }

    @Override
    public void delete(String location) throws IOException {
        try {
            Files.deleteIfExists(path(location));
        } catch (IOException e) {
            throw translate(location, e);
        }
    }

    @Override
    public Optional<BucketPosture> posture(String location) {
        return Optional.empty();
    }

    private static final String TEMP_SUFFIX = ".patrol-tmp";
    /** A partial file younger than this is left alone even if its writer seems gone (a folder shared between machines). */
    private static final java.time.Duration LEFTOVER_AGE = java.time.Duration.ofMinutes(1);
    /** Past this, a partial file goes whoever wrote it: no copy takes a day. */
    private static final java.time.Duration ABANDONED_AGE = java.time.Duration.ofDays(1);

    /**
     * Removes partial copies of {@code name} that a killed writer left ({@code .NAME.PID.RANDOM.patrol-tmp},
     * or {@code .NAMERANDOM.patrol-tmp} from before the pid was in the name): a killed snapshot of a
     * large backup would otherwise leave its size behind on every try.
     */
    private static void removeLeftovers(Path dir, String name) {
        java.time.Instant now = java.time.Instant.now();
        String prefix = "." + name;
        try (var partials = Files.newDirectoryStream(dir, p -> {
            String f = p.getFileName().toString();
            return f.startsWith(prefix) && f.endsWith(TEMP_SUFFIX);
        })) {
            for (Path partial : partials) {
                java.util.regex.Matcher m = PARTIAL.matcher(partial.getFileName().toString().substring(prefix.length()));
                if (m.matches()) removeIfAbandoned(partial, m.group(1), now); // else another file's partial copy (NAME.gz for NAME)
            }
        } catch (IOException | RuntimeException e) {
            // Only tidying: the write itself goes on.
        }
    }

    /**
     * Removes, in {@code folder} and the folders under it (as deep as a backup pattern's dated folders go),
     * every partial copy a killed writer left, whatever file it was for: run at a command's start, so that
     * a killed snapshot's debris goes at the next start of Patrol, not only at the next write of the same
     * file (which, for a dated backup name, never comes). A partial copy whose writer is alive (another
     * patrol process writing right now) is left alone. Returns how many were removed.
     */
    public static int removeLeftovers(Path folder) {
        if (!Files.isDirectory(folder)) return 0;
        java.time.Instant now = java.time.Instant.now();
        int removed = 0;
        try (Stream<Path> files = Files.walk(folder, 6)) {
            for (Path partial : (Iterable<Path>) files.filter(p -> p.getFileName().toString().endsWith(TEMP_SUFFIX))::iterator) {
                java.util.regex.Matcher m = ANY_PARTIAL.matcher(partial.getFileName().toString());
                if (m.matches() && removeIfAbandoned(partial, m.group(1), now)) removed++;
            }
        } catch (IOException | RuntimeException e) {
            // Only tidying: a folder that cannot be read is the command's to report, if it needs it.
        }
        return removed;
    }

    /** {@code writerPid} null: a partial copy from before the pid was in the name, whose writer cannot be asked. */
    private static boolean removeIfAbandoned(Path partial, String writerPid, java.time.Instant now) {
        try {
            java.time.Instant modified = Files.getLastModifiedTime(partial).toInstant();
            boolean stale = writerPid != null
                    ? modified.isBefore(now.minus(LEFTOVER_AGE)) && ProcessHandle.of(Long.parseLong(writerPid)).isEmpty()
                    : modified.isBefore(now.minus(LEGACY_AGE));
            return (stale || modified.isBefore(now.minus(ABANDONED_AGE))) && Files.deleteIfExists(partial);
        } catch (IOException | NumberFormatException gone) {
            return false; // removed by another writer meanwhile, or not ours to remove
        }
    }

    /** A partial copy of any file: {@code .NAME.PID.RANDOM.patrol-tmp}, or {@code .NAMERANDOM.patrol-tmp} from before the pid. */
    private static final java.util.regex.Pattern ANY_PARTIAL = java.util.regex.Pattern.compile("\\..+?(?:\\.(\\d+)\\.\\d+|\\d+)\\.patrol-tmp");

    /** What follows {@code .NAME} in a partial copy's name: {@code .PID.RANDOM} now, {@code RANDOM} before. */
    private static final java.util.regex.Pattern PARTIAL = java.util.regex.Pattern.compile("(?:\\.(\\d+)\\.|)\\d+\\.patrol-tmp");
    /** Partial copies from before the pid was in the name: their writer cannot be asked. */
    private static final java.time.Duration LEGACY_AGE = java.time.Duration.ofHours(1);

    private static boolean isTemporary(String location) {
        return location.endsWith(TEMP_SUFFIX);
    }

    private static Path path(String location) {
        return Path.of(stripScheme(location));
    }

    private static String stripScheme(String location) {
        return location.startsWith("file://") ? location.substring("file://".length()) : location;
    }

    private static ObjectInfo info(String location, BasicFileAttributes a) {
        return new ObjectInfo(location, a.size(), a.lastModifiedTime().toInstant(), null, Map.of());
    }

    private static ObjectStoreException translate(String location, IOException e) {
        if (e instanceof ObjectStoreException ose) return ose;
        if (e instanceof NoSuchFileException) return new NoSuchObjectException(location);
        if (e instanceof AccessDeniedException) {
            return new ObjectStoreException(ObjectStoreException.Reason.ACCESS_DENIED,
                    "permission denied reading " + location + ": give the user running Patrol read access", e);
        }
        return new ObjectStoreException(ObjectStoreException.Reason.UNAVAILABLE,
                "cannot read " + location + ": " + e.getMessage(), e);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
