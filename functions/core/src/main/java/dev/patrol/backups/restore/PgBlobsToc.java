package dev.patrol.backups.restore;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * The large objects' own TOC in a tar or directory dump ({@code blobs.toc}, or one
 * {@code blobs_NNNN.toc} per group from pg_dump 17 on): a line {@code OID blob_OID.dat} for
 * each large object. pg_restore opens every file it names, so each must be in the dump; a
 * dump that lost one passes every other check.
 */
final class PgBlobsToc {
    /** The files the TOCs name (without a compression suffix), each with the OID and the TOC that named it. */
    private final Map<String, String> files = new HashMap<>();

    /** Reads one TOC to its end; a line that is not "OID FILE" makes the dump corrupt, as it does for pg_restore. */
    void read(String tocName, InputStream in, byte[] buffer) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int n; (n = in.read(buffer, 0, buffer.length)) > 0; ) {
            for (int i = 0; i < n; i++) {
                char c = (char) (buffer[i] & 0xff);
                if (c == '\n') {
                    entry(tocName, line);
                    line.setLength(0);
                } else if (line.length() < 1024) {
                    line.append(c);
                }
            }
        }
        if (!line.isEmpty()) entry(tocName, line);
    }

    private void entry(String tocName, CharSequence text) throws BrokenBackupException {
        String line = text.toString();
        int space = line.indexOf(' ');
        if (space <= 0 || !line.substring(0, space).chars().allMatch(Character::isDigit) || space == line.length() - 1) {
            throw new BrokenBackupException("pg_dump archive's " + EntryNames.printable(tocName) + " has a line that is not 'OID FILE' ("
                    + EntryNames.printable(line.length() > 60 ? line.substring(0, 60) + "…" : line) + "): corrupt; pg_restore fails there");
        }
        files.put(line.substring(space + 1), line.substring(0, space) + " (listed in " + tocName + ")");
    }

    /** The first file a TOC names that {@code present} lacks, as a message; null when every one is there. */
    String missing(java.util.Set<String> present) {
        int absent = 0;
        String first = null;
        for (Map.Entry<String, String> f : files.entrySet()) {
            if (present.contains(f.getKey())) continue;
            absent++;
            if (first == null || f.getKey().compareTo(first) < 0) first = f.getKey();
        }
        if (first == null) return null;
        return "pg_dump archive has no file " + EntryNames.printable(first) + " for large object " + EntryNames.printable(files.get(first))
                + (absent > 1 ? " and " + (absent - 1) + " more" : "") + ": the dump was cut short or files were lost; pg_restore fails there";
    }
}
