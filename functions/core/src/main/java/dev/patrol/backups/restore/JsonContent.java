package dev.patrol.backups.restore;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Parses JSON as a stream of tokens, never building the document: one value, or
 * several (JSON lines). Jackson's default constraints bound nesting depth and the
 * length of one string or number, so hostile input cannot exhaust memory.
 */
final class JsonContent implements ContentReader {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    @Override
    public Map<String, Object> read(InputStream in, Context context) throws IOException {
        long values = 0;
        long tokens = 0;
        int depth = 0;
        int valueLine = 0;
        try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), in)) {
            for (JsonToken t; (t = parser.nextToken()) != null; ) {
                tokens++;
                if (depth == 0) {
                    values++;
                    valueLine = parser.currentTokenLocation().getLineNr();
                }
                if (t.isStructStart()) depth++;
                else if (t.isStructEnd()) depth--;
            }
        } catch (JacksonException e) {
            if (e.getCause() instanceof IOException io) throw io; // the store, not the JSON
            var where = e.getLocation();
            String why = dev.patrol.state.Json.reason(e);
            if (where != null && depth > 0 && values > 1 && where.getLineNr() > valueLine) {
                // JSON lines: a line that breaks off shows only where the next line's value begins; the line to fix is the one before.
                throw new BrokenBackupException("JSON is not valid at line " + valueLine + ": the value that starts there does not end"
                        + " (JSON lines hold one value a line); reading went on to line " + where.getLineNr() + ", column "
                        + where.getColumnNr() + ": " + why, e);
            }
            throw new BrokenBackupException("JSON is not valid" + (where == null ? "" : " at line " + where.getLineNr()
                    + ", column " + where.getColumnNr()) + ": " + why, e);
        }
        if (values == 0) throw new BrokenBackupException("JSON file holds no value (empty)");
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("values", values);
        facts.put("tokens", tokens);
        return facts;
    }
}
