package dev.patrol.backups.restore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A mysqldump or mariadb-dump file: it opens with a "-- MySQL dump" or "-- MariaDB dump"
 * comment and its last line says "-- Dump completed on DATE". Without that line the dump
 * stopped part way; the last statement says where (an INSERT into which table, on which
 * line, cut before its closing semicolon).
 */
final class MysqlDumpContent implements ContentReader {
    private static final int KEEP = 512;
    private static final Pattern TABLE = Pattern.compile("^(?:INSERT INTO|CREATE TABLE|-- Dumping data for table) `([^`]+)`");

    static boolean looksLike(byte[] head) {
        String start = new String(head, StandardCharsets.UTF_8);
        return start.startsWith("-- MySQL dump") || start.startsWith("-- MariaDB dump") || start.startsWith("/*M!999999");
    }

    @Override
    public Map<String, Object> read(InputStream in, Context context) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        byte[] line = new byte[KEEP];
        int kept = 0;
        byte end = 0; // the line's last byte, however long the line (extended INSERTs are megabytes)
        long lineNo = 0;
        String table = null;
        String statement = null;
        long statementLine = 0;
        boolean open = false;
        String lastLine = "";
        long inserts = 0;
        long tables = 0;
        boolean header = false;
        for (int n; (n = in.read(buffer, 0, buffer.length)) > 0; ) {
            for (int i = 0; i < n; i++) {
                byte b = buffer[i];
                if (b != '\n') {
                    if (kept < KEEP) line[kept++] = b;
                    if (b != '\r') end = b;
                    continue;
                }
                lineNo++;
                String text = new String(line, 0, kept, StandardCharsets.UTF_8);
                boolean ends = end == ';';
                kept = 0;
                end = 0;
                if (text.isEmpty()) continue;
                lastLine = text;
                if (lineNo <= 5 && (text.startsWith("-- MySQL dump") || text.startsWith("-- MariaDB dump"))) header = true;
                Matcher m = TABLE.matcher(text);
                if (m.find()) table = m.group(1);
                if (text.startsWith("CREATE TABLE")) tables++;
                if (!open && !text.startsWith("--") && !text.startsWith("/*")) {
                    statement = text.startsWith("INSERT INTO") ? "an INSERT into `" + table + "`" : "a statement";
                    if (text.startsWith("INSERT INTO")) inserts++;
                    statementLine = lineNo;
                    open = true;
                }
                if (open && ends) open = false;
            }
            if ((lineNo & 0xffff) == 0) Deadlines.check(context.deadline());
        }
        if (kept > 0) { // a last line without its newline: cut inside it
            lineNo++;
            lastLine = new String(line, 0, kept, StandardCharsets.UTF_8);
            if (!open && !lastLine.startsWith("--")) {
                statement = lastLine.startsWith("INSERT INTO") ? "an INSERT into `" + table + "`" : "a statement";
                statementLine = lineNo;
                open = true;
            }
        }
        if (!header) {
            throw new BrokenBackupException("does not start like a mysqldump or mariadb-dump file (no '-- MySQL dump' or '-- MariaDB dump' "
                    + "header): not a MySQL dump, or the wrong file was backed up");
        }
        if (!lastLine.startsWith("-- Dump completed")) {
            String where = open && statement != null
                    ? "; it stops inside " + EntryNames.printable(statement) + " that starts on line " + statementLine + " (no closing ';')"
                    : "; the last line is " + lineNo + (table == null ? "" : ", in the data of `" + EntryNames.printable(table) + "`");
            throw new BrokenBackupException("MySQL dump ends without '-- Dump completed on …'" + where
                    + ": the dump stopped part way; check the dump job's log");
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("dumpFormat", "mysqldump");
        facts.put("lines", lineNo);
        facts.put("tables", tables);
        facts.put("inserts", inserts);
        facts.put("summary", "MySQL/MariaDB dump, " + tables + " table" + (tables == 1 ? "" : "s") + ", " + inserts + " INSERT statements");
        return facts;
    }
}
