package dev.patrol.secrets.report;

import dev.patrol.secrets.Finding;
import dev.patrol.secrets.Occurrence;
import dev.patrol.secrets.Redaction;
import java.io.IOException;
import java.io.Writer;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** gitleaks' JSON report: one object per place, with gitleaks' field names, so tools that read it keep working. */
final class GitleaksReport {
    private GitleaksReport() {}

    static void write(List<Finding> findings, Writer out, Redaction shown) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Finding f : findings) {
            for (Occurrence o : f.occurrences()) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("RuleID", f.ruleId());
                r.put("Description", f.description());
                r.put("StartLine", o.startLine());
                r.put("EndLine", o.endLine());
                r.put("StartColumn", o.startColumn());
                r.put("EndColumn", o.endColumn());
                r.put("Match", shown.match(f, o));
                r.put("Secret", shown.secret(f));
                r.put("File", shown.mask(o.path()));
                r.put("Commit", o.commit());
                r.put("Entropy", (float) f.entropy());
                r.put("Author", o.author());
                r.put("Email", o.email());
                r.put("Date", o.date() == null ? "" : DateTimeFormatter.ISO_INSTANT.format(o.date()));
                r.put("Message", shown.mask(o.message()));
                r.put("Tags", Reports.tags(f));
                r.put("Fingerprint", shown.mask(o.gitleaksFingerprint(f.ruleId())));
                rows.add(r);
            }
        }
        Reports.writeJson(rows, out);
    }
}
