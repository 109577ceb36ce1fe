package dev.patrol.backups.restore;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Reads every entry of a zip in one pass, inflating each and checking its CRC (the
 * JDK does), bounded by an {@link ExpansionGuard} so a zip bomb stops early. A zip
 * whose end-of-central-directory record is missing was cut short: unzip refuses it.
 */
final class ZipContent implements ContentReader {
    /** The end-of-central-directory record: 22 bytes plus a comment of up to 64 KB. */
    private static final int EOCD_SEARCH = 22 + 65535;

    @Override
    public Map<String, Object> read(InputStream raw, Context context) throws IOException {
        TailKeeper tail = new TailKeeper(raw, EOCD_SEARCH);
        long entries = 0;
        long bytes = 0;
        byte[] buffer = new byte[64 * 1024];
        ZipInputStream zip = new ZipInputStream(tail);
        ExpansionGuard guard = new ExpansionGuard(zip, context.limits(), context.objectBytes(), context.deadline());
        try {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (++entries > context.limits().maxEntries()) {
                    throw new BrokenBackupException("holds more than " + context.limits().maxEntries() + " entries; not read further");
                }
                if (EntryNames.unsafe(e.getName())) throw EntryNames.unsafeEntry("zip", e.getName());
                for (int n; (n = guard.read(buffer, 0, buffer.length)) > 0; ) bytes += n;
            }
            tail.drain();
        } catch (ZipException e) {
            throw new BrokenBackupException("zip entry " + (entries) + " is corrupt: " + Causes.phrase(e), e);
        }
        if (!hasEndRecord(tail.tail())) {
            throw new BrokenBackupException("zip has no end-of-central-directory record after " + entries
                    + " entries: the file was cut short and unzip will refuse it");
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("entries", entries);
        facts.put("contentBytes", bytes);
        return facts;
    }

    private static boolean hasEndRecord(byte[] tail) {
        for (int i = tail.length - 22; i >= 0; i--) {
            if (tail[i] == 'P' && tail[i + 1] == 'K' && tail[i + 2] == 5 && tail[i + 3] == 6) return true;
        }
        return false;
    }
}
