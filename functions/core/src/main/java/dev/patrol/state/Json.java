package dev.patrol.state;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapper for state documents, run records and outputs (Jackson 3: java.time built in, ISO instants). */
public final class Json {
    public static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private Json() {}

    public static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    private static final Pattern OPENED_AT = Pattern.compile("\\s*\\(start marker at \\[[^\\]]*?line: (\\d+), column: (\\d+)\\]\\)");
    private static final Pattern SOURCE = Pattern.compile("\\s*(?:\\(start marker )?at \\[Source:[^\\]]*\\]\\)?");
    private static final Pattern OPEN_KIND = Pattern.compile("\\b(Object|Array)\\b");

    /**
     * What is wrong with a JSON (or YAML) text, for a person: "line 3, column 7: Unexpected character ('}')",
     * without Jackson's source and feature names ({@code StreamReadFeature…}, {@code StreamReadConstraints…}).
     */
    public static String problem(tools.jackson.core.JacksonException e) {
        var at = e.getLocation();
        String what = reason(e);
        return at == null || at.getLineNr() <= 0 ? what : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " + what;
    }

    /**
     * {@link #problem} without the location, for messages that say where themselves. Jackson's own text names
     * its source ("[Source: REDACTED …; byte offset: #UNKNOWN]"), its features and, from databind, Java types:
     * none of which a person can act on.
     */
    public static String reason(tools.jackson.core.JacksonException e) {
        if (e instanceof tools.jackson.core.exc.StreamConstraintsException) {
            String m = String.valueOf(e.getOriginalMessage());
            return m.contains("nesting depth") ? "nested too deeply (more than 1000 levels)" : "too large to read";
        }
        if (e instanceof tools.jackson.databind.DatabindException) {
            String path = e.getPath().stream().map(r -> r.getPropertyName() != null ? r.getPropertyName() : "[" + r.getIndex() + "]")
                    .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse("");
            return path.isEmpty() ? "a value is not of the expected kind" : "\"" + path + "\" is not of the expected kind";
        }
        String what = e.getOriginalMessage() == null ? "not readable" : e.getOriginalMessage();
        int nl = what.indexOf('\n');
        if (nl >= 0) what = what.substring(0, nl);
        what = what.replaceAll("\\s*\\(from `[^`]*`\\)|\\s*\\(`[^`]*` disabled\\)", "");
        what = OPENED_AT.matcher(what).replaceAll(" (opened at line $1, column $2)");
        what = SOURCE.matcher(what).replaceAll("");
        // The token is the text itself, which may be a backup's data or a secret: say what it is, not what it says.
        what = what.replaceAll("Unrecognized token '[^']*'", "a word that is not JSON");
        if (what.startsWith("Unexpected end-of-input")) {
            Matcher kind = OPEN_KIND.matcher(what);
            int opened = what.indexOf(" (opened at");
            what = (kind.find() ? "the text ends before an " + kind.group(1).toLowerCase(java.util.Locale.ROOT) + " is closed" : "the text ends too early")
                    + " (cut short?)" + (opened >= 0 ? what.substring(opened) : "");
        }
        return what.trim();
    }

    public static <T> T read(String json, Class<T> type) {
        return MAPPER.readValue(json, type);
    }
}
