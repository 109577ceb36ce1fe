package dev.patrol.state;

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

    /**
     * What is wrong with a JSON (or YAML) text, for a person: "line 3, column 7: Unexpected character ('}')",
     * without Jackson's source and feature names ({@code StreamReadFeature…}, {@code StreamReadConstraints…}).
     */
    public static String problem(tools.jackson.core.JacksonException e) {
        String what = e.getOriginalMessage() == null ? "not readable" : e.getOriginalMessage();
        if (e instanceof tools.jackson.core.exc.StreamConstraintsException) {
            what = what.contains("nesting depth") ? "nested too deeply (more than 1000 levels)" : "too large to read";
        }
        int nl = what.indexOf('\n');
        if (nl >= 0) what = what.substring(0, nl);
        what = what.replaceAll("\\s*\\(from `[^`]*`\\)|\\s*\\(`[^`]*` disabled\\)", "");
        var at = e.getLocation();
        return at == null || at.getLineNr() <= 0 ? what : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " + what;
    }

    public static <T> T read(String json, Class<T> type) {
        return MAPPER.readValue(json, type);
    }
}
