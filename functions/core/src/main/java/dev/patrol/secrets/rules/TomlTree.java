package dev.patrol.secrets.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.dataformat.toml.TomlFactory;

/**
 * A TOML document as plain maps, lists and scalars, read with Jackson's
 * streaming TOML parser. Avoiding the object mapper keeps a few hundred
 * milliseconds of class loading out of every {@code secrets scan} start.
 */
final class TomlTree {
    private static final TomlFactory TOML = new TomlFactory();

    private TomlTree() {}

    /** Parses a document; throws Jackson's exception (with its location) on bad TOML. */
    static Map<String, Object> parse(String text) {
        try (JsonParser p = TOML.createParser(ObjectReadContext.empty(), text)) {
            p.nextToken();
            @SuppressWarnings("unchecked")
            Map<String, Object> root = (Map<String, Object>) value(p);
            return root;
        }
    }

    private static Object value(JsonParser p) {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    m.put(name, value(p));
                }
                return m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) l.add(value(p));
                return l;
            }
            case VALUE_STRING -> {
                return p.getString();
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return p.getNumberValue();
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return t == JsonToken.VALUE_TRUE;
            }
            default -> {
                return p.getString();
            }
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> table(Map<String, Object> m, String key) {
        return m.get(key) instanceof Map<?, ?> t ? (Map<String, Object>) t : Map.of();
    }

    /** An array of tables ({@code [[rules]]}); a single table counts as one. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> tables(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v instanceof Map<?, ?> t) return List.of((Map<String, Object>) t);
        if (!(v instanceof List<?> l)) return List.of();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : l) if (o instanceof Map<?, ?> t) out.add((Map<String, Object>) t);
        return out;
    }

    static String string(Map<String, Object> m, String key, String fallback) {
        Object v = m.get(key);
        return v == null ? fallback : v.toString();
    }

    static List<String> strings(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v instanceof List<?> l) return l.stream().map(String::valueOf).toList();
        return v == null ? List.of() : List.of(v.toString());
    }

    static double number(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v instanceof Number n) return n.doubleValue();
        if (v == null) return 0;
        try {
            return Double.parseDouble(v.toString());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    static boolean bool(Map<String, Object> m, String key) {
        return Boolean.TRUE.equals(m.get(key)) || "true".equals(m.get(key));
    }
}
