package dev.patrol.backups.restore;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A SQLite database file (an app's {@code .db}, {@code .sqlite}): the 100-byte header
 * (magic, page size, page count), the page count against the file's size, then the
 * b-tree pages themselves with SQLite's own {@code PRAGMA integrity_check}, run by the
 * SQLite JDBC driver read-only on a copy in the temp folder that is deleted after.
 */
final class SqliteContent implements ContentReader {
    private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final int ERRORS_SHOWN = 3;

    @Override
    public Map<String, Object> read(InputStream in, Context context) throws IOException {
        Path copy = Files.createTempFile("patrol-sqlite-", ".db");
        try {
            byte[] header;
            long size;
            try (OutputStream out = Files.newOutputStream(copy)) {
                header = in.readNBytes(100);
                out.write(header);
                size = header.length + in.transferTo(out);
            }
            if (header.length < 16 || !java.util.Arrays.equals(header, 0, 16, MAGIC, 0, 16)) {
                throw new BrokenBackupException("does not start with 'SQLite format 3': not a SQLite database, or its first page was overwritten");
            }
            if (header.length < 100) throw new BrokenBackupException("SQLite database is cut inside its 100-byte header (" + size + " bytes)");
            int pageSize = ((header[16] & 0xff) << 8) | (header[17] & 0xff);
            if (pageSize == 1) pageSize = 65536;
            if (pageSize < 512 || Integer.bitCount(pageSize) != 1) {
                throw new BrokenBackupException("SQLite header has an invalid page size (" + pageSize + "): the header is corrupt");
            }
            long pages = readInt(header, 28);
            boolean countValid = readInt(header, 24) == readInt(header, 92) && pages > 0;
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("pageSize", pageSize);
            facts.put("bytes", size);
            if (countValid) {
                facts.put("pages", pages);
                if (pages * pageSize != size) {
                    throw new BrokenBackupException("SQLite header says " + pages + " pages of " + pageSize + " bytes (" + pages * pageSize
                            + " bytes) but the file has " + size + (size < pages * pageSize ? ": the file was cut short" : ": bytes were added after it")
                            + "; copy it with sqlite3 .backup or VACUUM INTO, not while it is written");
                }
            } else if (size % pageSize != 0) {
                throw new BrokenBackupException("SQLite file is " + size + " bytes, not a whole number of " + pageSize + "-byte pages: cut short");
            }
            facts.putAll(integrity(copy));
            return facts;
        } finally {
            Files.deleteIfExists(copy);
            Files.deleteIfExists(Path.of(copy + "-journal"));
        }
    }

    /** The driver says "[SQLITE_CORRUPT] The database disk image is malformed (database disk image is malformed)". */
    private static String reason(SQLException e) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\[(\\w+)\\]\\s*(.*?)(?:\\s*\\((.*)\\))?$").matcher(Causes.phrase(e));
        if (!m.matches()) return EntryNames.printable(Causes.phrase(e));
        String text = m.group(3) != null ? m.group(3) : m.group(2);
        return EntryNames.printable(text) + " (" + m.group(1) + ")";
    }

    private static long readInt(byte[] b, int at) {
        return ((long) (b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    private static Map<String, Object> integrity(Path copy) throws IOException {
        Properties p = new Properties();
        p.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY
        List<String> errors = new ArrayList<>();
        long tables = 0;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy, p); Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("PRAGMA integrity_check")) {
                while (r.next()) {
                    String line = r.getString(1);
                    if (!"ok".equals(line)) errors.add(line);
                }
            }
            if (!errors.isEmpty()) {
                throw new BrokenBackupException("SQLite integrity_check finds " + errors.size() + " problem" + (errors.size() == 1 ? "" : "s") + ": "
                        + String.join("; ", errors.stream().limit(ERRORS_SHOWN).map(EntryNames::printable).toList())
                        + (errors.size() > ERRORS_SHOWN ? "; …" : "") + " (sqlite3 reports the same)");
            }
            try (ResultSet r = s.executeQuery("SELECT count(*) FROM sqlite_schema WHERE type = 'table'")) {
                if (r.next()) tables = r.getLong(1);
            }
        } catch (SQLException e) {
            throw new BrokenBackupException("SQLite integrity_check cannot read it: " + reason(e) + " (sqlite3 says the same)", e);
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("integrityCheck", "ok");
        facts.put("tables", tables);
        facts.put("summary", "SQLite database, " + tables + " table" + (tables == 1 ? "" : "s") + ", integrity_check ok");
        return facts;
    }
}
