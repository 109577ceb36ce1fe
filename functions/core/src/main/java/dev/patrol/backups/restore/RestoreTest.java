package dev.patrol.backups.restore;

import dev.patrol.storage.ObjectStoreException;
import io.airlift.compress.zstd.ZstdInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Proves one backup object would restore: undoes its compression layers, then reads
 * its content by format ({@link RestorePlan}), within {@link RestoreLimits}. Read
 * problems of the store (connection lost, object deleted) are rethrown as
 * {@link ObjectStoreException}: they say nothing about the backup.
 */
public final class RestoreTest {
    private final RestoreLimits limits;

    public RestoreTest(RestoreLimits limits) {
        this.limits = limits;
    }

    /**
     * Reads {@code in} (the object's bytes; {@code objectBytes} tells how many were read
     * so far) to the end of what the format needs; the caller drains the rest.
     */
    public RestoreOutcome run(InputStream in, RestorePlan plan, LongSupplier objectBytes) throws ObjectStoreException {
        Instant deadline = Instant.now().plus(limits.maxTime());
        ContentReader.Context context = new ContentReader.Context(limits, deadline, objectBytes);
        try {
            InputStream content = in;
            for (RestoreFormat layer : plan.layers()) {
                content = new ExpansionGuard(decompress(layer, content), limits, objectBytes, deadline);
            }
            // Parsers close what they read (Jackson does by default): the layers must stay open so that
            // their trailers are checked below, and the object so that the caller can drain it for the checksums.
            Map<String, Object> facts = new LinkedHashMap<>(reader(plan.content()).read(ContentReader.unclosable(content), context));
            // Reading past the content's own end makes the decompressors check their trailers (CRC, length).
            if (!plan.layers().isEmpty()) new DrainContent().read(content, context);
            facts.put("restore", plan.describe());
            return RestoreOutcome.ok(facts);
        } catch (IOException | RuntimeException e) {
            return failed(e, () -> explain(plan, e));
        } catch (StackOverflowError e) {
            return RestoreOutcome.broken(plan.describe() + " nests too deeply to read: hostile or corrupt input");
        }
    }

    /** Restore-tests a backup kept as a folder of objects: a {@code pg_dump -Fd} directory, its files as {@code names}. */
    public RestoreOutcome runFolder(FolderFiles files, java.util.List<String> names, LongSupplier objectBytes)
            throws ObjectStoreException {
        ContentReader.Context context = new ContentReader.Context(limits, Instant.now().plus(limits.maxTime()), objectBytes);
        try {
            Map<String, Object> facts = new LinkedHashMap<>(PgTarContent.readFolder(files, names, context));
            facts.put("restore", "pg_dump directory");
            return RestoreOutcome.ok(facts);
        } catch (IOException | RuntimeException e) {
            return failed(e, () -> Causes.phrase(e));
        }
    }

    /** A store failure is the store's (rethrown); running out of time or an unknown version is inconclusive; the rest is a broken backup. */
    private static RestoreOutcome failed(Exception e, java.util.function.Supplier<String> broken) throws ObjectStoreException {
        ObjectStoreException store = storeCause(e);
        if (store != null) throw store;
        if (e instanceof Deadlines.RestoreTimeoutException || e instanceof PgArchive.UnknownVersionException) {
            return RestoreOutcome.inconclusive(e.getMessage());
        }
        return RestoreOutcome.broken(broken.get());
    }

    private static InputStream decompress(RestoreFormat layer, InputStream in) throws IOException {
        try {
            return switch (layer) {
                case GZIP -> new GZIPInputStream(in, 64 * 1024);
                case ZSTD -> new ZstdInputStream(in);
                default -> throw new IllegalArgumentException(layer + " is not a compression");
            };
        } catch (ZipException | EOFException e) {
            throw new BrokenBackupException("is not " + layer.id() + " data (" + Causes.phrase(e) + ")", e);
        }
    }

    private static ContentReader reader(RestoreFormat content) {
        return switch (content) {
            case TAR -> new TarContent();
            case ZIP -> new ZipContent();
            case CSV -> new CsvContent(',');
            case JSON -> new JsonContent();
            case PGDUMP -> new PgDumpContent();
            case MYSQLDUMP -> new MysqlDumpContent();
            case SQLITE -> new SqliteContent();
            case GIT_BUNDLE -> new GitBundleContent();
            case NONE, AUTO, GZIP, ZSTD -> new DrainContent();
        };
    }

    /** A person's sentence for what went wrong, from the exception a reader or decompressor threw. */
    private static String explain(RestorePlan plan, Throwable e) {
        if (e instanceof BrokenBackupException) return e.getMessage();
        String what = plan.describe();
        String m = Causes.phrase(e);
        if (e instanceof EOFException || m.contains("Unexpected end of ZLIB") || m.toLowerCase().contains("truncated")) {
            return what + " stream ends before its end marker (truncated): the upload or the backup job stopped part way";
        }
        if (m.contains("Corrupt GZIP trailer") || m.contains("invalid")) {
            return what + " data is corrupt (" + m + "): a byte changed after the backup was written";
        }
        return what + " does not read: " + m;
    }

    private static ObjectStoreException storeCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ObjectStoreException s) return s;
        }
        return null;
    }
}
