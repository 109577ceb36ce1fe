package dev.patrol.secrets.report;

import dev.patrol.secrets.Finding;
import dev.patrol.secrets.Occurrence;
import dev.patrol.secrets.Redaction;
import dev.patrol.secrets.git.Unread;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SARIF 2.1.0: one reporting descriptor per rule that found something, one
 * result per place, located by repository-relative URI and line, with Patrol's
 * fingerprint in {@code partialFingerprints} and the commit, author and date in
 * {@code properties}.
 */
final class SarifReport {
    private SarifReport() {}

    static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

    static void write(List<Finding> findings, List<Unread> unread, Writer out, Redaction shown) throws IOException {
        Map<String, Integer> ruleIndex = new LinkedHashMap<>();
        List<Map<String, Object>> rules = new ArrayList<>();
        List<Map<String, Object>> results = new ArrayList<>();
        for (Finding f : findings) {
            Integer index = ruleIndex.get(f.ruleId());
            if (index == null) {
                index = rules.size();
                ruleIndex.put(f.ruleId(), index);
                rules.add(Map.of("id", f.ruleId(), "name", readableName(f.ruleId()),
                        "shortDescription", Map.of("text", f.description().isEmpty() ? f.ruleId() : f.description())));
            }
            for (Occurrence o : f.occurrences()) results.add(result(f, o, index, shown));
        }
        writeLog(rules, results, invocation(unread, shown), out);
    }

    /** A SARIF 2.1.0 log of one run of patrol. */
    private static void writeLog(List<Map<String, Object>> rules, List<Map<String, Object>> results, Map<String, Object> invocation, Writer out)
            throws IOException {
        Map<String, Object> driver = new LinkedHashMap<>();
        driver.put("name", "patrol");
        driver.put("version", "0.1.0");
        driver.put("rules", rules);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("tool", Map.of("driver", driver));
        run.put("results", results);
        run.put("invocations", List.of(invocation));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("$schema", SCHEMA);
        root.put("version", "2.1.0");
        root.put("runs", List.of(run));
        Reports.writeJson(root, out);
    }

    /**
     * A scan that could not run, as SARIF says it: a run with no results whose invocation did not
     * succeed, the reason as an error notification. A code-scanning upload or a SARIF viewer then
     * shows "the tool failed" rather than an empty stdout it cannot parse, and never "no findings".
     */
    static void writeFailure(String message, int exitCode, Writer out) throws IOException {
        Map<String, Object> note = new LinkedHashMap<>();
        note.put("level", "error");
        note.put("message", Map.of("text", message));
        Map<String, Object> inv = new LinkedHashMap<>();
        inv.put("executionSuccessful", false);
        inv.put("exitCode", exitCode);
        inv.put("toolExecutionNotifications", List.of(note));
        writeLog(List.of(), List.of(), inv, out);
    }

    /**
     * What the sweep did not read, as SARIF's tool execution notifications: a warning each
     * (a shallow history, a file over the size limit, a submodule), located where there is a file.
     */
    private static Map<String, Object> invocation(List<Unread> unread, Redaction shown) {
        List<Map<String, Object>> notes = new ArrayList<>();
        for (Unread u : unread) {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("level", "warning");
            n.put("descriptor", Map.of("id", "unread/" + u.kind().id()));
            n.put("message", Map.of("text", shown.mask(u.line())));
            if (!u.path().isEmpty()) {
                n.put("locations", List.of(Map.of("physicalLocation", Map.of("artifactLocation", Map.of("uri", shown.mask(u.path()))))));
            }
            notes.add(n);
        }
        Map<String, Object> inv = new LinkedHashMap<>();
        inv.put("executionSuccessful", true);
        inv.put("toolExecutionNotifications", notes);
        return inv;
    }

    /** SARIF wants a name unlike the id: {@code github-pat} becomes {@code GithubPat}. */
    static String readableName(String id) {
        StringBuilder sb = new StringBuilder();
        for (String part : id.split("[-_.]+")) {
            if (!part.isEmpty()) sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return sb.isEmpty() || sb.toString().equals(id) ? id + "Rule" : sb.toString();
    }

    private static Map<String, Object> result(Finding f, Occurrence o, int index, Redaction shown) {
        Map<String, Object> physical = new LinkedHashMap<>();
        physical.put("artifactLocation", Map.of("uri", shown.mask(o.path())));
        if (o.startLine() > 0) {
            Map<String, Object> region = new LinkedHashMap<>();
            region.put("startLine", o.startLine());
            region.put("startColumn", Math.max(1, o.startColumn()));
            region.put("endLine", Math.max(o.startLine(), o.endLine()));
            region.put("endColumn", Math.max(1, o.endColumn()) + 1);
            region.put("snippet", Map.of("text", shown.secret(f)));
            physical.put("region", region);
        }
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("commit", o.commit());
        props.put("author", o.author());
        props.put("email", o.email());
        props.put("date", o.date() == null ? "" : o.date().toString());
        props.put("inCurrentTree", f.inCurrentTree());
        if (f.verification() != null) {
            props.put("verification", f.verification().status().id());
            props.put("verificationDetail", f.verification().summary());
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("ruleId", f.ruleId());
        r.put("ruleIndex", index);
        r.put("level", "error");
        r.put("message", Map.of("text", f.ruleId() + " found " + f.redacted() + " in " + shown.mask(o.path())
                + (f.verification() == null ? "" : "; " + f.verification().summary())));
        r.put("locations", List.of(Map.of("physicalLocation", physical)));
        r.put("partialFingerprints", Map.of("patrolFingerprint/v1", f.fingerprint(), "commitSha", o.commit()));
        r.put("properties", props);
        return r;
    }
}
