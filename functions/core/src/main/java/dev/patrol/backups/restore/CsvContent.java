package dev.patrol.backups.restore;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses a CSV by RFC 4180 in one pass, keeping no field: it needs a header, at least
 * one row, the same number of fields on every row as in the header, and well-formed
 * quotes. A quote that never closes, text after a closing quote or a quote inside an
 * unquoted field is how a broken export or a truncated file shows; a spreadsheet or a
 * loader would mangle or reject the rows from there on.
 */
final class CsvContent implements ContentReader {
    private final char delimiter;

    CsvContent(char delimiter) {
        this.delimiter = delimiter;
    }

    private enum State { FIELD_START, UNQUOTED, QUOTED, QUOTE_IN_QUOTED }

    @Override
    public Map<String, Object> read(InputStream in, Context context) throws IOException {
        Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
        char[] buffer = new char[64 * 1024];
        State state = State.FIELD_START;
        long line = 1;
        long recordLine = 1;
        long quoteLine = 0;
        int fields = 0;
        boolean recordHasContent = false;
        int headerFields = -1;
        long rows = 0;
        for (int n; (n = reader.read(buffer)) > 0; ) {
            for (int i = 0; i < n; i++) {
                char c = buffer[i];
                switch (state) {
                    case FIELD_START, UNQUOTED -> {
                        if (c == delimiter) {
                            fields++;
                            recordHasContent = true;
                            state = State.FIELD_START;
                        } else if (c == '\n') {
                            if (recordHasContent || state == State.UNQUOTED) {
                                int count = fields + 1;
                                if (headerFields < 0) headerFields = count;
                                else if (count != headerFields) throw fieldCount(recordLine, count, headerFields);
                                else rows++;
                            }
                            fields = 0;
                            recordHasContent = false;
                            state = State.FIELD_START;
                            recordLine = ++line;
                        } else if (c == '\r') {
                            // CRLF line ends: the \n ends the record
                        } else if (c == '"') {
                            if (state == State.UNQUOTED) {
                                throw new BrokenBackupException("CSV line " + line + ": a quote inside an unquoted field "
                                        + "(field " + (fields + 1) + "); the export did not quote it, so loaders split the row wrongly");
                            }
                            state = State.QUOTED;
                            quoteLine = line;
                            recordHasContent = true;
                        } else {
                            state = State.UNQUOTED;
                            recordHasContent = true;
                        }
                    }
                    case QUOTED -> {
                        if (c == '"') state = State.QUOTE_IN_QUOTED;
                        else if (c == '\n') line++;
                    }
                    case QUOTE_IN_QUOTED -> {
                        if (c == '"') {
                            state = State.QUOTED; // "" is an escaped quote
                        } else if (c == delimiter) {
                            fields++;
                            state = State.FIELD_START;
                        } else if (c == '\n' || c == '\r') {
                            state = State.FIELD_START;
                            i--; // let FIELD_START end the record
                        } else {
                            throw new BrokenBackupException("CSV line " + line + ": text after the closing quote of field "
                                    + (fields + 1) + " (a quote inside a quoted field must be doubled)");
                        }
                    }
                }
            }
        }
        if (state == State.QUOTED) {
            throw new BrokenBackupException("CSV quote opened on line " + quoteLine + " never closes (" + (line - quoteLine + 1)
                    + " lines to the end): a broken quote or a truncated file; rows from line " + quoteLine + " on are lost");
        }
        if (recordHasContent || state == State.UNQUOTED) {
            int count = fields + 1;
            if (headerFields < 0) headerFields = count;
            else if (count != headerFields) throw fieldCount(recordLine, count, headerFields);
            else rows++;
        }
        if (headerFields < 0) throw new BrokenBackupException("CSV is empty: no header, no rows");
        if (rows == 0) throw new BrokenBackupException("CSV has a header but no rows");
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("columns", headerFields);
        facts.put("rows", rows);
        return facts;
    }

    private static BrokenBackupException fieldCount(long line, int count, int header) {
        return new BrokenBackupException("CSV line " + line + " has " + count + " fields but the header has " + header
                + (count < header ? ": a cut-off row (truncated file?) or a broken quote" : ": an unquoted delimiter or a broken quote"));
    }
}
