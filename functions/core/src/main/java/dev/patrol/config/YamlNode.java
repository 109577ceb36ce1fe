package dev.patrol.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML value with the line it starts on, so every config error can name its
 * place. Jackson's tree model drops locations, hence this small tree.
 */
sealed interface YamlNode {
    int line();

    /** What a person calls this kind of value in an error message. */
    String describe();

    record Mapping(Map<String, Entry> entries, int line) implements YamlNode {
        public Mapping {
            entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        public String describe() {
            return "a mapping";
        }
    }

    record Entry(String key, int keyLine, YamlNode value) {}

    record Sequence(List<YamlNode> items, int line) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }

        public String describe() {
            return "a list";
        }
    }

    /** A scalar; {@code text} is null for YAML null. {@code string} is true for string tokens (quoted or plain words). */
    record Scalar(String text, boolean string, int line) implements YamlNode {
        public String describe() {
            return text == null ? "null" : string ? "text \"" + text + "\"" : text;
        }
    }
}
