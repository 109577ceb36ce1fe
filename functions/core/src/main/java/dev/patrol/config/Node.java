package dev.patrol.config;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A cursor over one YAML mapping while binding it to a record: reads typed values,
 * records every problem (with line and key path) instead of stopping at the first,
 * and reports keys nobody asked for as unknown.
 */
final class Node {
    private final ConfigReading reading;
    private final String path;
    private final YamlNode.Mapping mapping;
    private final int line;

    Node(ConfigReading reading, String path, YamlNode.Mapping mapping, int line) {
        this.reading = reading;
        this.path = path;
        this.mapping = mapping;
        this.line = line;
    }

    String path() {
        return path;
    }

    int line() {
        return line;
    }

    String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    boolean has(String key) {
        YamlNode.Entry e = entry(key);
        return e != null && !(e.value() instanceof YamlNode.Scalar s && s.text() == null);
    }

    YamlNode.Entry entry(String key) {
        return mapping == null ? null : mapping.entries().get(key);
    }

    int lineOf(String key) {
        YamlNode.Entry e = entry(key);
        return e == null ? line : e.keyLine();
    }

    void error(String key, String message) {
        reading.error(lineOf(key), key == null ? path : child(key), message);
    }

    /** Reports keys outside {@code allowed}, suggesting the closest known key. */
    void allowOnly(Set<String> allowed) {
        if (mapping == null) return;
        for (YamlNode.Entry e : mapping.entries().values()) {
            if (!allowed.contains(e.key())) {
                String hint = Suggestions.closest(e.key(), allowed).map(k -> "; did you mean \"" + k + "\"?")
                        .orElse("; known keys: " + String.join(", ", allowed.stream().sorted().toList()));
                reading.error(e.keyLine(), child(e.key()), "is not a known key" + hint);
            }
        }
    }

    /** A scalar as text; null when absent. Wrong kinds (list, mapping) are errors. */
    String text(String key) {
        YamlNode.Entry e = entry(key);
        if (e == null) return null;
        if (e.value() instanceof YamlNode.Scalar s) return s.text();
        reading.error(e.keyLine(), child(key), "must be a single value, not " + e.value().describe());
        return null;
    }

    String requiredText(String key, String example) {
        String v = text(key);
        if (v == null && entry(key) == null) {
            reading.error(line, child(key), "is required (e.g. " + key + ": " + example + ")");
        } else if (v == null || v.isBlank()) {
            if (entry(key) != null && entry(key).value() instanceof YamlNode.Scalar) {
                error(key, "must not be empty (e.g. " + key + ": " + example + ")");
            }
            return null;
        }
        return v;
    }

    Node mapping(String key) {
        YamlNode.Entry e = entry(key);
        if (e == null || (e.value() instanceof YamlNode.Scalar s && s.text() == null)) {
            return new Node(reading, child(key), null, e == null ? line : e.keyLine());
        }
        if (e.value() instanceof YamlNode.Mapping m) return new Node(reading, child(key), m, e.keyLine());
        reading.error(e.keyLine(), child(key), "must be a mapping of keys to values, not " + e.value().describe());
        return new Node(reading, child(key), null, e.keyLine());
    }

    /** The items of a list of mappings; a non-mapping item is an error and skipped. */
    List<Node> mappings(String key) {
        YamlNode.Entry e = entry(key);
        if (e == null || (e.value() instanceof YamlNode.Scalar s && s.text() == null)) return List.of();
        if (!(e.value() instanceof YamlNode.Sequence seq)) {
            reading.error(e.keyLine(), child(key), "must be a list (items start with \"- \"), not " + e.value().describe());
            return List.of();
        }
        java.util.ArrayList<Node> out = new java.util.ArrayList<>();
        for (int i = 0; i < seq.items().size(); i++) {
            YamlNode item = seq.items().get(i);
            String itemPath = child(key) + "[" + i + "]";
            if (item instanceof YamlNode.Mapping m) {
                out.add(new Node(reading, itemPath, m, item.line()));
            } else {
                reading.error(item.line(), itemPath, "must be a mapping (name: ..., ...), not " + item.describe());
            }
        }
        return out;
    }

    /** A list of scalars; a single scalar is accepted as a one-item list. */
    List<String> texts(String key) {
        YamlNode.Entry e = entry(key);
        if (e == null || (e.value() instanceof YamlNode.Scalar s && s.text() == null)) return null;
        if (e.value() instanceof YamlNode.Scalar s) return List.of(s.text());
        if (e.value() instanceof YamlNode.Sequence seq) {
            java.util.ArrayList<String> out = new java.util.ArrayList<>();
            for (int i = 0; i < seq.items().size(); i++) {
                if (seq.items().get(i) instanceof YamlNode.Scalar s && s.text() != null) {
                    out.add(s.text());
                } else {
                    reading.error(seq.items().get(i).line(), child(key) + "[" + i + "]", "must be a single value, not " + seq.items().get(i).describe());
                }
            }
            return out;
        }
        reading.error(e.keyLine(), child(key), "must be a list of values, not " + e.value().describe());
        return null;
    }

    /** A mapping of scalar values (e.g. HTTP headers). */
    Map<String, String> textMap(String key) {
        Node m = mapping(key);
        if (m.mapping == null) return Map.of();
        java.util.LinkedHashMap<String, String> out = new java.util.LinkedHashMap<>();
        for (YamlNode.Entry e : m.mapping.entries().values()) {
            String v = m.text(e.key());
            if (v != null) out.put(e.key(), v);
        }
        return out;
    }

    /** The keys of this mapping, in file order (none when absent). */
    List<String> keys() {
        return mapping == null ? List.of() : List.copyOf(mapping.entries().keySet());
    }

    ConfigReading reading() {
        return reading;
    }
}
