package dev.patrol.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.dataformat.yaml.YAMLFactory;

/** Reads YAML text into {@link YamlNode}s with line numbers; duplicate keys are reported, not silently merged. */
final class YamlReader {
    private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

    private final List<ConfigError> errors;
    private final String file;

    YamlReader(String file, List<ConfigError> errors) {
        this.file = file;
        this.errors = errors;
    }

    /** The document's root, or null when the text is empty or not YAML (the error is recorded). */
    YamlNode read(String text) {
        try (JsonParser parser = FACTORY.createParser(tools.jackson.core.ObjectReadContext.empty(), text)) {
            JsonToken first = parser.nextToken();
            if (first == null) return null;
            return node(parser, "");
        } catch (tools.jackson.core.exc.StreamConstraintsException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            errors.add(new ConfigError(file, line, "", "cannot be read: it is " + dev.patrol.state.Json.problem(e).replaceFirst("^line \\d+, column \\d+: ", "")
                    + "; a Patrol config needs a few levels"));
            return null;
        } catch (JacksonException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            String problem = dev.patrol.state.Json.reason(e);
            // SnakeYAML puts the context first ("while scanning for the next token", at its line); the problem
            // ("found character '\t(TAB)'...") and its line are what a person can fix.
            if (e.getCause() instanceof MarkedYamlEngineException m && m.getProblem() != null && m.getProblemMark().isPresent()) {
                int contextLine = m.getContextMark().map(mark -> mark.getLine() + 1).orElse(0);
                line = m.getProblemMark().get().getLine() + 1;
                problem = firstLine(m.getProblem()) + (m.getContext() != null && contextLine > 0 && contextLine != line
                        ? " (" + m.getContext() + " started on line " + contextLine + ")" : "");
            }
            errors.add(new ConfigError(file, line, "", "not valid YAML: " + problem + " (check indentation, quotes and colons)"));
            return null;
        }
    }

    private YamlNode node(JsonParser p, String path) {
        int line = p.currentTokenLocation().getLineNr();
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                    String key = p.currentName();
                    int keyLine = p.currentTokenLocation().getLineNr();
                    p.nextToken();
                    String childPath = path.isEmpty() ? key : path + "." + key;
                    YamlNode value = node(p, childPath);
                    if (entries.containsKey(key)) {
                        errors.add(new ConfigError(file, keyLine, childPath, "is defined twice (first on line "
                                + entries.get(key).keyLine() + "); remove one"));
                    } else {
                        entries.put(key, new YamlNode.Entry(key, keyLine, value));
                    }
                }
                return new YamlNode.Mapping(entries, line);
            }
            case START_ARRAY -> {
                List<YamlNode> items = new ArrayList<>();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(node(p, path + "[" + i++ + "]"));
                }
                return new YamlNode.Sequence(items, line);
            }
            case VALUE_NULL -> {
                return new YamlNode.Scalar(null, false, line);
            }
            case VALUE_STRING -> {
                if (p instanceof tools.jackson.dataformat.yaml.YAMLParser y && y.isCurrentAlias()) {
                    // The YAML reader gives an alias as the anchor's name, which would be read as the value itself.
                    errors.add(new ConfigError(file, line, path, "uses the YAML alias *" + p.getString()
                            + ", which Patrol does not read (aliases and anchors are refused, so that every value is where it is used);"
                            + " write the value out in full"));
                    return new YamlNode.Scalar(null, false, line);
                }
                return new YamlNode.Scalar(p.getString(), true, line);
            }
            default -> {
                return new YamlNode.Scalar(p.getText(), false, line);
            }
        }
    }

    private static String firstLine(String message) {
        if (message == null) return "syntax error";
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).trim();
    }
}
