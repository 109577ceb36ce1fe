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
 * @param kind   {@code usage}, {@code config}, {@code state}, {@code lease}, {@code aws}, {@code repo} (a repository that cannot be reached), {@code output} or {@code internal}
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

    /**
     * What stdout holds when a command fails: nothing, the error document ({@code --json},
     * {@code report --format json}, {@code secrets scan --format json}), or for
     * {@code secrets scan --format sarif} a SARIF log whose invocation failed. {@code --format
     * gitleaks} keeps gitleaks' empty stdout: its report is a bare array of findings, and any
     * array would read as "no leaks".
     */
    enum Stdout { NOTHING, JSON, SARIF }

    void print(PrintStream err, PrintStream out, boolean json) {
        print(err, out, json ? Stdout.JSON : Stdout.NOTHING);
    }

    void print(PrintStream err, PrintStream out, Stdout stdout) {
        err.println("patrol: " + ControlCharacters.escape(message));
        errors.forEach(e -> err.println("  " + ControlCharacters.escape(e.toString())));
        hints.forEach(h -> err.println("  " + h));
        err.flush();
        switch (stdout) {
            case JSON -> out.println(json());
            case SARIF -> {
                java.io.Writer w = new java.io.OutputStreamWriter(out, java.nio.charset.StandardCharsets.UTF_8);
                try {
                    dev.patrol.secrets.report.ReportFormat.writeSarifFailure(message, exitCode, w);
                } catch (java.io.IOException e) {
                    err.println("patrol: could not write the SARIF log to stdout: " + dev.patrol.text.ProblemWords.describe(e));
                }
            }
            case NOTHING -> { }
        }
        out.flush();
    }

    /** The document as text; without Jackson when the JVM has no memory left to load or run it (an OutOfMemoryError's document). */
    private String json() {
        try {
            return Json.write(document());
        } catch (VirtualMachineError | RuntimeException e) {
            return "{\"status\":\"error\",\"error\":{\"kind\":" + quoted(kind) + ",\"message\":" + quoted(message) + ",\"exitCode\":" + exitCode + "}}";
        }
    }

    private static String quoted(String text) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') sb.append('\\').append(c);
            else if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
        }
        return sb.append('"').toString();
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
