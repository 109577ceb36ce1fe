package dev.patrol.cli;

import dev.patrol.config.ConfigError;
import dev.patrol.state.Json;
import dev.patrol.text.ControlCharacters;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Why a command could not do its work, said once: a line (or a list) on stderr for people,
 * and with {@code --json} also the one document on stdout that scripts parse:
 * {@code {"status":"error","error":{"kind":…,"message":…,"exitCode":…}}}. A command that
 * fails before it starts (no config, an unknown target, a bad option) still keeps the
 * contract's "exactly one JSON document".
 *
 * @param kind   {@code usage}, {@code config}, {@code state}, {@code lease}, {@code aws}, {@code output} or {@code internal}
 * @param errors for a config error, each problem with its file, line and key
 */
record ErrorDocument(String kind, int exitCode, String message, List<String> hints, List<ConfigError> errors) {
    ErrorDocument {
        hints = List.copyOf(hints);
        errors = List.copyOf(errors);
    }

    static ErrorDocument of(String kind, int exitCode, String message) {
        return new ErrorDocument(kind, exitCode, message, List.of(), List.of());
    }

    ErrorDocument withHint(String hint) {
        return new ErrorDocument(kind, exitCode, message, java.util.stream.Stream.concat(hints.stream(), java.util.stream.Stream.of(hint)).toList(), errors);
    }

    void print(PrintStream err, PrintStream out, boolean json) {
        err.println("patrol: " + ControlCharacters.escape(message));
        errors.forEach(e -> err.println("  " + ControlCharacters.escape(e.toString())));
        hints.forEach(h -> err.println("  " + h));
        err.flush();
        if (json) {
            out.println(Json.write(document()));
            out.flush();
        }
    }

    Map<String, Object> document() {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("kind", kind);
        error.put("message", message);
        error.put("exitCode", exitCode);
        if (!errors.isEmpty()) {
            error.put("errors", errors.stream().map(e -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("file", e.file());
                m.put("line", e.line());
                m.put("key", e.path());
                m.put("message", e.message());
                return m;
            }).toList());
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("status", "error");
        doc.put("error", error);
        return doc;
    }
}
