package dev.patrol.backups.restore;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A PostgreSQL dump, by its first bytes: a custom-format archive ({@code PGDMP}, read
 * block by block as pg_restore does, {@link PgCustomData}), a tar-format archive or
 * an archived directory-format dump ({@link PgTarContent}), or a plain SQL dump
 * ({@link PgPlainDump}).
 */
final class PgDumpContent implements ContentReader {

    @Override
    public Map<String, Object> read(InputStream raw, Context context) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 64 * 1024);
        in.mark(512);
        byte[] head = in.readNBytes(512);
        in.reset();
        if (head.length >= 5 && Arrays.equals(head, 0, 5, "PGDMP".getBytes(StandardCharsets.US_ASCII), 0, 5)) {
            in.skipNBytes(5);
            return custom(new PgArchiveInput(in, 5), context);
        }
        if (head.length > 0 && head.length < 5 && "PGDMP".startsWith(new String(head, StandardCharsets.US_ASCII))) {
            throw new BrokenBackupException("pg_dump archive stops inside its header after " + head.length + " bytes: the dump was cut short");
        }
        if (head.length == 512 && new String(head, 257, 5, StandardCharsets.US_ASCII).equals("ustar")) {
            return new PgTarContent().read(in, context);
        }
        if (MysqlDumpContent.looksLike(head)) return new MysqlDumpContent().read(in, context);
        return new PgPlainDump().read(in, context);
    }

    static Map<String, Object> custom(PgArchiveInput in, Context context) throws IOException {
        PgArchive archive = PgArchive.read(in, PgArchive.FORMAT_CUSTOM);
        Map<String, Long> rows = new PgCustomData(in, archive, context).read();
        return facts(archive, "custom", rows);
    }

    /** What a person wants to know of a dump: versions, tables, rows, schema only or data too. */
    static Map<String, Object> facts(PgArchive archive, String format, Map<String, Long> rows) {
        Map<String, Object> facts = new LinkedHashMap<>();
        PgArchive.Header h = archive.header();
        facts.put("dumpFormat", format);
        facts.put("archiveVersion", h.version());
        if (h.serverVersion() != null) facts.put("serverVersion", h.serverVersion());
        if (h.dumpVersion() != null) facts.put("pgDumpVersion", h.dumpVersion());
        if (h.database() != null) facts.put("database", h.database());
        facts.put("compression", h.compression().id());
        facts.put("tocEntries", archive.entries().size());
        facts.put("dependencies", archive.entries().stream().mapToInt(e -> e.dependencies().size()).sum());
        var tables = archive.tables();
        facts.put("tables", tables.size());
        facts.put("tableNames", tables.subList(0, Math.min(tables.size(), 20)));
        boolean data = !archive.dataEntries().isEmpty();
        String contents = !data ? "schema only" : tables.isEmpty() ? "data only" : "schema and data";
        facts.put("contents", contents);
        long total = 0;
        for (var e : rows.entrySet()) if (!"large objects".equals(e.getKey())) total += e.getValue();
        if (data) {
            facts.put("rows", total);
            Map<String, Long> some = new LinkedHashMap<>();
            rows.entrySet().stream().limit(20).forEach(e -> some.put(e.getKey(), e.getValue()));
            facts.put("rowsByTable", some);
        }
        facts.put("summary", format + " pg_dump " + (h.dumpVersion() == null ? "" : h.dumpVersion() + " ")
                + "of PostgreSQL " + (h.serverVersion() == null ? "(version not recorded)" : h.serverVersion()) + ", "
                + tables.size() + " table" + (tables.size() == 1 ? "" : "s") + ", " + contents
                + (data ? ", " + total + " row" + (total == 1 ? "" : "s") : "") + ", compression " + h.compression().id());
        return facts;
    }
}
