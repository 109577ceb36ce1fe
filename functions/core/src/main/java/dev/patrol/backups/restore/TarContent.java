package dev.patrol.backups.restore;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Lists every entry of a tar and reads every byte of it, as {@code tar -t} plus an
 * extraction to nowhere would. A tar that stops at an entry boundary without its
 * closing zero blocks was cut short; {@code tar} itself only warns about that.
 */
final class TarContent implements ContentReader {

    @Override
    public Map<String, Object> read(InputStream raw, Context context) throws IOException {
        TailKeeper tail = new TailKeeper(raw, 1024);
        long entries = 0;
        long files = 0;
        long bytes = 0;
        byte[] buffer = new byte[64 * 1024];
        try (TarArchiveInputStream tar = new TarArchiveInputStream(ContentReader.unclosable(tail))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                if (++entries > context.limits().maxEntries()) {
                    throw new BrokenBackupException("holds more than " + context.limits().maxEntries() + " entries; not read further");
                }
                if (EntryNames.unsafe(e.getName())) throw EntryNames.unsafeEntry("tar", e.getName());
                if (e.isFile()) {
                    files++;
                    long entryBytes = 0;
                    for (int n; (n = tar.read(buffer)) > 0; ) entryBytes += n;
                    if (entryBytes != e.getSize()) {
                        throw new BrokenBackupException("tar entry '" + EntryNames.printable(e.getName()) + "' should hold "
                                + e.getSize() + " bytes but ends after " + entryBytes + ": the archive is truncated");
                    }
                    bytes += entryBytes;
                }
            }
            tail.drain();
        } catch (IllegalArgumentException e) {
            throw new BrokenBackupException("not a readable tar: " + e.getMessage(), e);
        }
        if (entries == 0) throw new BrokenBackupException("is an empty tar (no entries)");
        if (!endsWithZeroBlocks(tail)) {
            throw new BrokenBackupException("tar ends after " + entries + " entries without its end-of-archive blocks: "
                    + "the archive was cut short; entries after that point are missing");
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("entries", entries);
        facts.put("files", files);
        facts.put("contentBytes", bytes);
        return facts;
    }

    private static boolean endsWithZeroBlocks(TailKeeper tail) {
        byte[] end = tail.tail();
        if (end.length < 1024) return false;
        for (byte b : end) if (b != 0) return false;
        return true;
    }
}
