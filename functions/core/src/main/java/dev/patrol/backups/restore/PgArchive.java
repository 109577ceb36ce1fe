package dev.patrol.backups.restore;

import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The header and table of contents of a pg_dump archive (custom, tar and directory
 * formats share them), read as pg_restore reads them (pg_backup_archiver.c ReadHead,
 * ReadToc) and checked as it checks them: a known version, sane integer sizes, the
 * format byte, unique dump ids, and table data that belongs to a table in the archive.
 *
 * <p>Archive versions: 1.12 (PostgreSQL 9.x), 1.13 (11), 1.14 (12-15: table access
 * methods), 1.15 (16: the compression algorithm is written as a byte: none, gzip, lz4,
 * zstd; before it only a gzip level), 1.16 (17+: relkind).
 */
record PgArchive(Header header, List<Entry> entries) {
    static final int FORMAT_CUSTOM = 1;
    static final int FORMAT_TAR = 3;
    static final int FORMAT_DIRECTORY = 5;
    private static final int NEWEST = version(1, 16);
    private static final int OLDEST = version(1, 8);

    /** The archive is not what pg_restore could read; the message says what was found. */
    static final class CorruptException extends BrokenBackupException {
        CorruptException(String what) {
            super(what);
        }
    }

    /** An archive newer than Patrol knows: proves nothing either way. */
    static final class UnknownVersionException extends IOException {
        UnknownVersionException(String message) {
            super(message);
        }
    }

    static int version(int major, int minor) {
        return major * 10000 + minor * 100;
    }

    enum Compression {
        NONE, GZIP, LZ4, ZSTD;

        String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    record Header(String version, int format, Compression compression, String database, String serverVersion, String dumpVersion) {}

    /**
     * One TOC entry. {@code dataState}: 1 offset not set (written to a pipe), 2 set, 3 no
     * data; {@code file}: the data file of tar and directory archives.
     */
    record Entry(int dumpId, boolean hasData, String tag, String desc, String namespace, List<Integer> dependencies,
                 int dataState, long offset, String file) {
        boolean expectsData() {
            return hasData && dataState != 3;
        }

        /** How a person names the entry: {@code public.deals}, {@code large objects}. */
        String table() {
            if ("BLOBS".equals(desc) || "BLOB".equals(desc)) return "large objects";
            return (namespace == null || namespace.isEmpty() ? "" : namespace + ".") + tag;
        }
    }

    /** Reads the header after the 5-byte magic and the TOC that follows it; {@code expectedFormat} is 1, 3 or 5. */
    static PgArchive read(PgArchiveInput in, int expectedFormat) throws IOException {
        Header header;
        try {
            header = header(in, expectedFormat);
        } catch (EOFException e) {
            throw new BrokenBackupException("pg_dump archive stops inside its header after " + in.position()
                    + " bytes: the dump was cut short; pg_restore cannot open it");
        }
        int count;
        List<Entry> entries = new ArrayList<>();
        try {
            count = in.readInt();
            if (count < 0) throw new CorruptException("a negative number of TOC entries (" + count + ")");
            for (int i = 0; i < count; i++) entries.add(entry(in, header.format()));
        } catch (EOFException e) {
            throw new BrokenBackupException("pg_dump archive stops inside its table of contents (after " + entries.size()
                    + " entries" + (entries.isEmpty() ? "" : ", the last " + entries.get(entries.size() - 1).desc() + " "
                    + EntryNames.printable(entries.get(entries.size() - 1).table())) + "): the dump was cut short; pg_restore --list fails");
        } catch (CorruptException e) {
            throw new BrokenBackupException("pg_dump archive's table of contents is corrupt at entry " + (entries.size() + 1)
                    + " (" + e.getMessage() + "): pg_restore cannot read it");
        }
        check(entries);
        return new PgArchive(header, entries);
    }

    private static Header header(PgArchiveInput in, int expectedFormat) throws IOException {
        int vmaj = in.readByte();
        int vmin = in.readByte();
        int vrev = vmaj > 1 || (vmaj == 1 && vmin > 0) ? in.readByte() : 0;
        int version = vmaj * 10000 + vmin * 100 + vrev;
        String text = vmaj + "." + vmin + "." + vrev;
        if (version > NEWEST) {
            throw new UnknownVersionException("pg_dump archive version " + text + " is newer than Patrol reads (up to 1.16, "
                    + "PostgreSQL 17); check it with pg_restore --list until Patrol is updated");
        }
        if (version < OLDEST) throw new CorruptException("pg_dump archive version " + text + " is older than any PostgreSQL still in use, or the header is corrupt");
        in.version = version;
        in.intSize = in.readByte();
        if (in.intSize < 1 || in.intSize > 32) throw new CorruptException("pg_dump archive header is corrupt (integer size " + in.intSize + ")");
        in.offSize = version >= version(1, 7) ? in.readByte() : in.intSize;
        if (in.offSize < 1 || in.offSize > 32) throw new CorruptException("pg_dump archive header is corrupt (offset size " + in.offSize + ")");
        int format = in.readByte();
        if (format != expectedFormat && !(expectedFormat == FORMAT_TAR && format == FORMAT_DIRECTORY)) {
            throw new CorruptException("pg_dump archive header says format " + format + " where " + expectedFormat
                    + " was expected: the header is corrupt or the file was renamed");
        }
        Compression compression;
        if (version >= version(1, 15)) {
            int algorithm = in.readByte();
            if (algorithm > 3) throw new CorruptException("pg_dump archive header names an unknown compression (" + algorithm + ")");
            compression = Compression.values()[algorithm];
        } else {
            int level = version < version(1, 4) ? in.readByte() : in.readInt();
            compression = level != 0 ? Compression.GZIP : Compression.NONE;
        }
        for (int i = 0; i < 7; i++) in.readInt(); // the time the dump started: sec, min, hour, day, month, year, dst
        String database = in.readString();
        String server = null;
        String dump = null;
        if (version >= version(1, 10)) {
            server = in.readString();
            dump = in.readString();
        }
        return new Header(vmaj + "." + vmin, format, compression, database, server, dump);
    }

    private static Entry entry(PgArchiveInput in, int format) throws IOException {
        int v = in.version;
        int dumpId = in.readInt();
        boolean hasData = in.readInt() != 0;
        in.readString(); // catalog table oid
        in.readString(); // oid
        String tag = in.readString();
        String desc = in.readString();
        if (v >= version(1, 11)) in.readInt(); // section
        in.readString(); // definition
        in.readString(); // drop statement
        if (v >= version(1, 3)) in.readString(); // COPY statement
        String namespace = v >= version(1, 6) ? in.readString() : null;
        if (v >= version(1, 10)) in.readString(); // tablespace
        if (v >= version(1, 14)) in.readString(); // table access method
        if (v >= version(1, 16)) in.readInt(); // relkind
        in.readString(); // owner
        if (v >= version(1, 9)) in.readString(); // "with oids", always false today
        List<Integer> dependencies = new ArrayList<>();
        if (v >= version(1, 5)) {
            for (String d; (d = in.readString()) != null; ) {
                try {
                    dependencies.add(Integer.parseInt(d.trim()));
                } catch (NumberFormatException e) {
                    throw new CorruptException("a dependency that is not a dump id ('" + EntryNames.printable(d) + "')");
                }
            }
        }
        int dataState = 1;
        long offset = 0;
        String file = null;
        if (format == FORMAT_CUSTOM) {
            long[] o = in.readOffset();
            dataState = (int) o[0];
            offset = o[1];
        } else {
            file = in.readString();
        }
        return new Entry(dumpId, hasData, tag == null ? "" : tag, desc == null ? "" : desc, namespace, List.copyOf(dependencies),
                dataState, offset, file == null || file.isEmpty() ? null : file);
    }

    /** What pg_restore refuses before restoring anything (buildTocEntryArrays). */
    private static void check(List<Entry> entries) throws BrokenBackupException {
        int max = 0;
        for (Entry e : entries) max = Math.max(max, e.dumpId());
        Map<Integer, Entry> byId = new HashMap<>();
        for (Entry e : entries) {
            if (e.dumpId() <= 0) throw new BrokenBackupException("pg_dump archive has a TOC entry with a bad dump id (" + e.dumpId() + "): corrupt");
            if (byId.put(e.dumpId(), e) != null) {
                throw new BrokenBackupException("pg_dump archive has two TOC entries with dump id " + e.dumpId() + ": corrupt");
            }
        }
        for (Entry e : entries) {
            if ("TABLE DATA".equals(e.desc()) && !e.dependencies().isEmpty()) {
                int table = e.dependencies().get(0);
                // A data-only dump leaves the TABLE entry out, but its dump id is still in range.
                if (table <= 0 || table > max) {
                    throw new BrokenBackupException("pg_dump archive has data for " + EntryNames.printable(e.table())
                            + " whose table has a bad dump id (" + table + "): corrupt; pg_restore refuses it");
                }
            }
        }
    }

    /** The tables (TABLE entries) by name, and whether the archive carries data at all. */
    List<String> tables() {
        return entries.stream().filter(e -> "TABLE".equals(e.desc())).map(Entry::table).toList();
    }

    List<Entry> dataEntries() {
        return entries.stream().filter(Entry::expectsData).toList();
    }
}
