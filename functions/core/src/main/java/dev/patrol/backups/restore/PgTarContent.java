package dev.patrol.backups.restore;

import io.airlift.compress.zstd.ZstdInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;

/**
 * A tar-format dump ({@code pg_dump -Ft}) or a directory-format dump ({@code pg_dump -Fd})
 * archived as a tar: a {@code toc.dat} (the archive header and TOC, as in the custom
 * format, naming each entry's data file) and one data file per table ({@code 3345.dat},
 * or {@code 3345.dat.gz}/{@code .lz4}/{@code .zst} in a directory dump). Every data file
 * the TOC names must be there and read (decompressed) to its end; entries may come in
 * any order, as {@code tar -cf} of a folder writes them.
 */
final class PgTarContent implements ContentReader {
    private static final String CUT_AFTER_DATA =
            "the archive is cut after its last data file (restore.sql or the end blocks are missing); pg_restore still restores it";

    @Override
    public Map<String, Object> read(InputStream raw, Context context) throws IOException {
        TailKeeper tail = new TailKeeper(raw, 1024);
        PgArchive archive = null;
        Map<String, Long> files = new HashMap<>();
        PgBlobsToc blobs = new PgBlobsToc();
        boolean restoreScript = false;
        boolean tarFormat = false; // pg_dump -Ft writes toc.dat first, at the root; an archived -Fd folder has it anywhere
        int index = 0;
        byte[] buffer = new byte[64 * 1024];
        String current = null;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(ContentReader.unclosable(tail))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                if (EntryNames.unsafe(e.getName())) throw EntryNames.unsafeEntry("tar", e.getName());
                index++;
                if (!e.isFile()) continue;
                current = e.getName();
                String base = current.substring(current.lastIndexOf('/') + 1);
                if (base.equals("toc.dat")) {
                    tarFormat = index == 1 && !EntryNames.normal(current).contains("/");
                    byte[] magic = tar.readNBytes(5);
                    if (!new String(magic, java.nio.charset.StandardCharsets.US_ASCII).equals("PGDMP")) {
                        throw new BrokenBackupException("pg_dump archive's toc.dat does not start with PGDMP: corrupt");
                    }
                    archive = PgArchive.read(new PgArchiveInput(tar, 5), PgArchive.FORMAT_TAR);
                    tar.skip(Long.MAX_VALUE);
                } else if (base.equals("restore.sql")) {
                    restoreScript = true;
                    drain(tar, buffer);
                } else if (BLOBS_TOC.matcher(base).matches()) {
                    blobs.read(base, tar, buffer);
                    files.put(base, 0L);
                } else if (DATA_FILE.matcher(base).matches()) {
                    files.put(base.replaceAll("\\.(gz|lz4|zst)$", ""), lines(tar, base, buffer, context));
                } else {
                    drain(tar, buffer);
                }
                current = null;
            }
            tail.drain();
        } catch (IOException e) {
            if (!cutShort(e)) throw e;
            if (archive != null && (current == null || current.endsWith("restore.sql")) && missing(archive, files).isEmpty()
                    && blobs.missing(files.keySet()) == null) {
                // pg_restore needs the TOC and the data files only: it restores from this archive, and so says Patrol
                Map<String, Object> facts = PgDumpContent.facts(archive, tarFormat ? "tar" : "directory", rows(archive, files));
                facts.put("note", CUT_AFTER_DATA);
                return facts;
            }
            throw new BrokenBackupException("pg_dump archive stops " + (current == null ? "between files" : "inside " + EntryNames.printable(current))
                    + ": the dump was cut short; pg_restore fails there");
        } catch (IllegalArgumentException e) {
            throw new BrokenBackupException("pg_dump tar archive does not read: " + Causes.phrase(e), e);
        }
        if (archive == null) {
            throw new BrokenBackupException("is a tar without a toc.dat: not a pg_dump tar or directory archive, or cut before it");
        }
        List<PgArchive.Entry> absent = missing(archive, files);
        if (!absent.isEmpty()) {
            throw noDataFile(absent);
        }
        String lostBlob = blobs.missing(files.keySet());
        if (lostBlob != null) throw new BrokenBackupException(lostBlob);
        Map<String, Object> facts = PgDumpContent.facts(archive, tarFormat ? "tar" : "directory", rows(archive, files));
        if (!TarContent.endsWithZeroBlocks(tail) || (tarFormat && !restoreScript)) {
            facts.put("note", CUT_AFTER_DATA);
        }
        return facts;
    }

    /**
     * A directory dump kept as a plain folder (local or an S3 prefix): the same check as an
     * archived one, fed from the store. {@code toc.dat} is read first, then each data file
     * in the folder; every file the TOC names must be there and read to its end.
     */
    static Map<String, Object> readFolder(FolderFiles folder, List<String> names, Context context)
            throws IOException {
        if (!names.contains("toc.dat")) {
            throw new BrokenBackupException("has no toc.dat: not a pg_dump directory dump, or toc.dat was lost; pg_restore fails there");
        }
        PgArchive archive;
        try (InputStream toc = folder.open("toc.dat")) {
            byte[] magic = toc.readNBytes(5);
            if (!new String(magic, java.nio.charset.StandardCharsets.US_ASCII).equals("PGDMP")) {
                throw new BrokenBackupException("pg_dump directory dump's toc.dat does not start with PGDMP: corrupt");
            }
            archive = PgArchive.read(new PgArchiveInput(toc, 5), PgArchive.FORMAT_TAR);
        } catch (EOFException e) {
            throw new BrokenBackupException("pg_dump directory dump's toc.dat is cut short: pg_restore fails there");
        } catch (BrokenBackupException e) {
            throw new BrokenBackupException("pg_dump directory dump's toc.dat " + e.getMessage().replaceFirst("^pg_dump archive ", ""));
        } catch (IllegalArgumentException e) {
            throw new BrokenBackupException("pg_dump directory dump's toc.dat does not read: " + Causes.phrase(e), e);
        }
        Map<String, Long> files = new HashMap<>();
        PgBlobsToc blobs = new PgBlobsToc();
        byte[] buffer = new byte[64 * 1024];
        for (String name : names) {
            if (BLOBS_TOC.matcher(name).matches()) {
                try (InputStream in = folder.open(name)) {
                    blobs.read(name, in, buffer);
                }
                files.put(name, 0L);
                continue;
            }
            if (!DATA_FILE.matcher(name).matches()) continue;
            String file = name.replaceAll("\\.(gz|lz4|zst)$", "");
            try (InputStream in = folder.open(name)) {
                files.put(file, lines(in, name, buffer, context));
            } catch (BrokenBackupException e) {
                String table = archive.dataEntries().stream().filter(t -> file.equals(t.file())).map(PgArchive.Entry::table).findFirst().orElse(null);
                if (table == null) throw e;
                throw new BrokenBackupException(e.getMessage().replace(": pg_restore fails", " (table " + EntryNames.printable(table) + "): pg_restore fails"));
            }
        }
        List<PgArchive.Entry> absent = missing(archive, files);
        if (!absent.isEmpty()) throw noDataFile(absent);
        String lostBlob = blobs.missing(files.keySet());
        if (lostBlob != null) throw new BrokenBackupException(lostBlob);
        return PgDumpContent.facts(archive, "directory", rows(archive, files));
    }

    private static final java.util.regex.Pattern DATA_FILE =
            java.util.regex.Pattern.compile("\\d+\\.dat(\\.gz|\\.lz4|\\.zst)?|blob_\\d+\\.dat(\\.gz|\\.lz4|\\.zst)?");
    private static final java.util.regex.Pattern BLOBS_TOC = java.util.regex.Pattern.compile("blobs(_\\d+)?\\.toc");

    private static BrokenBackupException noDataFile(List<PgArchive.Entry> absent) {
        return new BrokenBackupException("pg_dump archive has no data file " + EntryNames.printable(absent.get(0).file()) + " for "
                + EntryNames.printable(absent.get(0).table()) + (absent.size() > 1 ? " and " + (absent.size() - 1) + " more" : "")
                + ": the dump was cut short or files were lost; pg_restore fails there");
    }

    private static List<PgArchive.Entry> missing(PgArchive archive, Map<String, Long> files) {
        return archive.dataEntries().stream().filter(e -> e.file() != null && !files.containsKey(dataFile(e, files))).toList();
    }

    private static Map<String, Long> rows(PgArchive archive, Map<String, Long> files) {
        Map<String, Long> rows = new LinkedHashMap<>();
        for (PgArchive.Entry e : archive.dataEntries()) if (e.file() != null) rows.put(e.table(), files.get(dataFile(e, files)));
        return rows;
    }

    /** The archive ends inside an entry: an end of input, or commons-compress' plain IOException that says so. */
    private static boolean cutShort(IOException e) {
        if (e instanceof EOFException) return true;
        if (e instanceof dev.patrol.storage.ObjectStoreException || e instanceof BrokenBackupException) return false;
        return String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("truncated");
    }

    /** The file that holds an entry's data: its own, or for large objects the blobs TOC that lists their files. */
    private static String dataFile(PgArchive.Entry e, Map<String, Long> files) {
        if (!"BLOBS".equals(e.desc()) || files.containsKey(e.file())) return e.file();
        String numbered = "blobs_" + e.dumpId() + ".toc";
        return files.containsKey(numbered) ? numbered : "blobs.toc";
    }

    private static long lines(InputStream entry, String name, byte[] buffer, Context context) throws IOException {
        InputStream in = entry;
        if (name.endsWith(".gz")) in = new GZIPInputStream(ContentReader.unclosable(entry), 64 * 1024);
        else if (name.endsWith(".lz4")) in = new FramedLZ4CompressorInputStream(ContentReader.unclosable(entry), true);
        else if (name.endsWith(".zst")) in = new ZstdInputStream(ContentReader.unclosable(entry));
        if (in != entry) in = new ExpansionGuard(in, context.limits(), context.objectBytes(), context.deadline());
        CopyRows rows = new CopyRows();
        try {
            for (int n; (n = in.read(buffer, 0, buffer.length)) > 0; ) rows.feed(buffer, 0, n);
        } catch (IOException | RuntimeException e) {
            if (e instanceof IOException io && cutShort(io)) {
                throw new BrokenBackupException("pg_dump archive's data file " + EntryNames.printable(name) + " is cut short: pg_restore fails there");
            }
            if (e instanceof dev.patrol.storage.ObjectStoreException || e instanceof BrokenBackupException) throw e;
            throw new BrokenBackupException("pg_dump archive's data file " + EntryNames.printable(name) + " is corrupt ("
                    + Causes.phrase(e) + "): pg_restore fails there");
        }
        drain(entry, buffer);
        return rows.rows();
    }

    private static void drain(InputStream in, byte[] buffer) throws IOException {
        while (in.read(buffer, 0, buffer.length) >= 0) {
            // the tar reader checks each entry's length
        }
    }
}
