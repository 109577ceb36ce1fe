package dev.patrol.backups.restore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A plain SQL dump (pg_dump, pg_dumpall) read line by line as psql would run it: it
 * opens with a "PostgreSQL database dump" comment, every {@code COPY ... FROM stdin;}
 * block ends with a backslash-dot line, and pg_dump's very last comment says
 * "... dump complete" (followed, since the 2025 releases, by an "backslash unrestrict"
 * line that matches the "backslash restrict" near the top). Without them the dump
 * stopped part way and psql would restore half a database.
 */
final class PgPlainDump {
    /** The start of a line, enough to know what it is; the rest of a long line is only scanned for its end. */
    private static final int KEEP = 1024;

    Map<String, Object> read(InputStream in, ContentReader.Context context) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        byte[] line = new byte[KEEP];
        int kept = 0;
        long lineNo = 1;
        boolean header = false;
        String copyTable = null;
        long copyLine = 0;
        long copyBlocks = 0;
        long rows = 0;
        String restrictKey = null;
        String unrestrictKey = null;
        long completeLine = 0;
        boolean lineHasBytes = false;
        for (int n; (n = in.read(buffer, 0, buffer.length)) > 0; ) {
            for (int i = 0; i < n; i++) {
                byte b = buffer[i];
                if (b != '\n') {
                    if (kept < KEEP) line[kept++] = b;
                    lineHasBytes = true;
                    continue;
                }
                String text = new String(line, 0, kept, StandardCharsets.UTF_8);
                if (copyTable != null) {
                    if (text.equals("\\.") || text.equals("\\.\r")) copyTable = null;
                    else rows++;
                } else {
                    if (lineNo <= 40 && (text.contains("PostgreSQL database dump") || text.contains("PostgreSQL database cluster dump"))) header = true;
                    if (text.startsWith("COPY ") && text.endsWith(" FROM stdin;")) {
                        copyTable = text.substring(5, text.indexOf(' ', 5) < 0 ? text.length() : text.indexOf(' ', 5));
                        copyLine = lineNo;
                        copyBlocks++;
                    } else if (text.startsWith("\\restrict ")) {
                        restrictKey = text.substring(10).strip();
                    } else if (text.startsWith("\\unrestrict ")) {
                        unrestrictKey = text.substring(12).strip();
                    } else if (text.contains("PostgreSQL database dump complete") || text.contains("PostgreSQL database cluster dump complete")) {
                        completeLine = lineNo;
                    }
                }
                kept = 0;
                lineHasBytes = false;
                lineNo++;
                if ((lineNo & 0xfffff) == 0) Deadlines.check(context.deadline());
            }
            if (!header && lineNo > 40) break;
        }
        if (!header) {
            throw new BrokenBackupException("does not start like a pg_dump file (no 'PostgreSQL database dump' header "
                    + "and no PGDMP signature): not a PostgreSQL dump, or the wrong file was backed up");
        }
        if (copyTable != null) {
            throw new BrokenBackupException("pg_dump file stops inside the COPY data of " + EntryNames.printable(copyTable)
                    + " (started on line " + copyLine + ", no '\\.' end line) after " + (lineNo - 1)
                    + " lines: the dump was cut short; psql would load that table partly and the rest not at all");
        }
        if (completeLine == 0) {
            throw new BrokenBackupException("pg_dump file ends without '-- PostgreSQL database dump complete' after line "
                    + (lineHasBytes ? lineNo : lineNo - 1) + ": the dump stopped part way; check the dump job's log");
        }
        if (restrictKey != null && !restrictKey.equals(unrestrictKey)) {
            throw new BrokenBackupException("pg_dump file opens with \\restrict but does not end with the matching \\unrestrict: "
                    + "it was cut after its last statement or edited; psql would stay in restricted mode");
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("dumpFormat", "plain");
        facts.put("lines", lineNo - 1);
        facts.put("copyBlocks", copyBlocks);
        facts.put("rows", rows);
        facts.put("summary", "plain SQL dump, " + copyBlocks + " table" + (copyBlocks == 1 ? "" : "s") + " of COPY data, "
                + rows + " row" + (rows == 1 ? "" : "s"));
        return facts;
    }
}
