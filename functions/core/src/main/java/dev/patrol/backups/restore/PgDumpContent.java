package dev.patrol.backups.restore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A PostgreSQL dump. Plain dumps (pg_dump, pg_dumpall) open with a
 * "PostgreSQL database dump" comment and pg_dump writes "... dump complete" as its
 * very last line: without it the dump stopped part way and psql would restore half a
 * database. Custom-format dumps open with "PGDMP" and are read to the end.
 */
final class PgDumpContent implements ContentReader {
    private static final int HEAD = 8 * 1024;

    @Override
    public Map<String, Object> read(InputStream in, Context context) throws IOException {
        byte[] head = in.readNBytes(HEAD);
        TailKeeper tail = new TailKeeper(in, 4 * 1024);
        tail.drain();
        Map<String, Object> facts = new LinkedHashMap<>();
        if (head.length >= 5 && new String(head, 0, 5, StandardCharsets.US_ASCII).equals("PGDMP")) {
            facts.put("dumpFormat", "custom");
            return facts;
        }
        String start = new String(head, StandardCharsets.UTF_8);
        if (!start.contains("PostgreSQL database dump") && !start.contains("PostgreSQL database cluster dump")) {
            throw new BrokenBackupException("does not start like a pg_dump file (no 'PostgreSQL database dump' header "
                    + "and no PGDMP signature): not a PostgreSQL dump, or the wrong file was backed up");
        }
        byte[] end = tail.total() > 0 ? tail.tail() : head;
        String ending = new String(end, StandardCharsets.UTF_8);
        if (!ending.contains("PostgreSQL database dump complete") && !ending.contains("PostgreSQL database cluster dump complete")) {
            throw new BrokenBackupException("pg_dump file ends without '-- PostgreSQL database dump complete' after "
                    + Sizes.human(head.length + tail.total()) + ": the dump stopped part way; check the dump job's log");
        }
        facts.put("dumpFormat", "plain");
        return facts;
    }
}
