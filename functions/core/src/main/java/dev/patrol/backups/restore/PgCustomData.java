package dev.patrol.backups.restore;

import io.airlift.compress.zstd.ZstdInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.InflaterInputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;

/**
 * The data blocks of a custom-format archive, read as {@code pg_restore -f /dev/null}
 * reads them (pg_backup_custom.c): after the TOC, each block is a type byte (1 table
 * data, 3 large objects), the dump id of its TOC entry, then the data as chunks (a
 * length, that many bytes; a zero length ends it), which are one zlib, lz4-frame or
 * zstd stream per block when the archive is compressed. Every block is inflated to its
 * end; every TOC entry that has data must have its block, where the TOC says.
 */
final class PgCustomData {
    private static final int BLOCK_DATA = 1;
    private static final int BLOCK_LARGE_OBJECTS = 3;

    private final PgArchiveInput in;
    private final PgArchive archive;
    private final ContentReader.Context context;
    private final byte[] buffer = new byte[64 * 1024];

    PgCustomData(PgArchiveInput in, PgArchive archive, ContentReader.Context context) {
        this.in = in;
        this.archive = archive;
        this.context = context;
    }

    /** Rows per table that has data, in the order the blocks come. */
    Map<String, Long> read() throws IOException {
        Map<Integer, PgArchive.Entry> byId = new HashMap<>();
        archive.entries().forEach(e -> byId.put(e.dumpId(), e));
        Map<Integer, Long> rows = new LinkedHashMap<>();
        PgArchive.Entry current = null;
        try {
            for (int type; (type = in.peekOrEnd()) >= 0; ) {
                long start = in.position() - 1;
                current = null;
                if (type != BLOCK_DATA && type != BLOCK_LARGE_OBJECTS) {
                    throw new BrokenBackupException("pg_dump archive has an unknown data block type (" + type + ") at byte " + start
                            + ": corrupt; pg_restore fails there");
                }
                int id = in.readInt();
                current = byId.get(id);
                if (current == null || !current.hasData()) {
                    throw new BrokenBackupException("pg_dump archive has a data block for dump id " + id + " at byte " + start
                            + " that its table of contents does not list: corrupt");
                }
                if (current.dataState() == 2 && current.offset() != start) {
                    throw new BrokenBackupException("pg_dump archive's data for " + what(current) + " is at byte " + start
                            + " but its table of contents says " + current.offset() + ": corrupt; pg_restore looks for it there");
                }
                if (rows.containsKey(id)) throw new BrokenBackupException("pg_dump archive holds the data for " + what(current) + " twice: corrupt");
                rows.put(id, type == BLOCK_DATA ? data(current) : largeObjects(current));
                Deadlines.check(context.deadline());
            }
        } catch (EOFException e) {
            String where = current == null ? "between data blocks" : "inside the data of " + what(current);
            throw new BrokenBackupException("pg_dump archive stops " + where + " after " + in.position()
                    + " bytes: the dump was cut short; pg_restore fails there" + missing(rows, current));
        }
        List<PgArchive.Entry> absent = archive.dataEntries().stream().filter(e -> !rows.containsKey(e.dumpId())).toList();
        if (!absent.isEmpty()) {
            throw new BrokenBackupException("pg_dump archive has no data for " + what(absent.get(0))
                    + (absent.size() > 1 ? " and " + (absent.size() - 1) + " more (" + names(absent.subList(1, Math.min(absent.size(), 4))) + ")" : "")
                    + ": the dump was cut short after " + rows.size() + " of " + archive.dataEntries().size()
                    + " data blocks; pg_restore fails on the first missing one");
        }
        Map<String, Long> named = new LinkedHashMap<>();
        rows.forEach((id, n) -> named.put(byId.get(id).table(), n));
        return named;
    }

    private String missing(Map<Integer, Long> rows, PgArchive.Entry current) {
        long left = archive.dataEntries().stream().filter(e -> !rows.containsKey(e.dumpId()) && e != current).count();
        return left == 0 ? "" : "; the data of " + left + " more table" + (left == 1 ? " is" : "s are") + " missing after it";
    }

    private static String what(PgArchive.Entry e) {
        return ("BLOBS".equals(e.desc()) ? "" : "table ") + EntryNames.printable(e.table()) + " (dump id " + e.dumpId() + ")";
    }

    private static String names(List<PgArchive.Entry> entries) {
        return String.join(", ", entries.stream().map(e -> EntryNames.printable(e.table())).toList());
    }

    /** Inflates one block's chunks to their end; COPY data is one row per line. */
    private long data(PgArchive.Entry entry) throws IOException {
        Chunks chunks = new Chunks();
        InputStream data = decompressed(chunks, entry);
        CopyRows rows = new CopyRows();
        try {
            for (int n; (n = data.read(buffer, 0, buffer.length)) > 0; ) rows.feed(buffer, 0, n);
        } catch (EOFException e) {
            if (chunks.cut) throw e;
            throw corrupt(entry, "its compressed data ends before the compressed stream does");
        } catch (IOException | RuntimeException e) {
            if (e instanceof dev.patrol.storage.ObjectStoreException || e instanceof BrokenBackupException || chunks.cut) throw e;
            throw corrupt(entry, "its compressed data does not inflate (" + Causes.phrase(e) + ")");
        }
        chunks.skipRest();
        return rows.rows();
    }

    private long largeObjects(PgArchive.Entry entry) throws IOException {
        long count = 0;
        for (int oid; (oid = in.readInt()) != 0; ) {
            data(entry);
            count++;
        }
        return count;
    }

    private InputStream decompressed(Chunks chunks, PgArchive.Entry entry) throws IOException {
        InputStream raw = switch (archive.header().compression()) {
            case NONE -> chunks;
            case GZIP -> new InflaterInputStream(chunks, new java.util.zip.Inflater(), 64 * 1024);
            case LZ4 -> new FramedLZ4CompressorInputStream(chunks, true);
            case ZSTD -> new ZstdInputStream(chunks);
        };
        return new ExpansionGuard(raw, context.limits(), context.objectBytes(), context.deadline());
    }

    private static BrokenBackupException corrupt(PgArchive.Entry entry, String why) {
        return new BrokenBackupException("pg_dump archive's data for " + what(entry) + " is corrupt: " + why + "; pg_restore fails there");
    }

    /** The chunks of one block as one stream; -1 at the zero length that ends it. */
    private final class Chunks extends InputStream {
        private int left;
        private boolean ended;
        boolean cut;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            try {
                while (left == 0) {
                    if (ended) return -1;
                    int length = in.readInt();
                    if (length < 0) throw new PgArchive.CorruptException("a negative chunk length");
                    if (length == 0) {
                        ended = true;
                        return -1;
                    }
                    left = length;
                }
                int n = in.readSome(b, off, Math.min(len, left));
                left -= n;
                return n;
            } catch (EOFException e) {
                cut = true;
                throw e;
            }
        }

        /** After a compressed stream's end: the chunks up to the zero length. */
        void skipRest() throws IOException {
            byte[] scratch = new byte[8192];
            while (read(scratch, 0, scratch.length) >= 0) {
                // pg_restore reads them too
            }
        }
    }
}
