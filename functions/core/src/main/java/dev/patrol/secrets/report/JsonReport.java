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

/** Patrol's JSON: one object per secret (fingerprint, rule, redacted form, tree status) with its occurrences, and what was not read. */
final class JsonReport {
    private JsonReport() {}

    static void write(List<Finding> findings, List<Unread> unread, Writer out, Redaction shown) throws IOException {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Finding f : findings) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("fingerprint", f.fingerprint());
            m.put("repo", f.repo());
            m.put("ruleId", f.ruleId());
            m.put("description", f.description());
            m.put("secret", shown.secret(f));
            m.put("redacted", f.redacted());
            m.put("inCurrentTree", f.inCurrentTree());
            m.put("entropy", Math.round(f.entropy() * 1000) / 1000.0);
            m.put("tags", f.tags());
            if (f.verification() != null) m.put("verification", Reports.verification(f));
            List<Map<String, Object>> occ = new ArrayList<>();
            for (Occurrence o : f.occurrences()) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("commit", o.commit());
                x.put("path", shown.mask(o.path()));
                x.put("startLine", o.startLine());
                x.put("endLine", o.endLine());
                x.put("startColumn", o.startColumn());
                x.put("endColumn", o.endColumn());
                x.put("author", o.author());
                x.put("email", o.email());
                x.put("date", o.date() == null ? null : o.date().toString());
                x.put("decodedFrom", o.decodedFrom());
                x.put("gitleaksFingerprint", shown.mask(o.gitleaksFingerprint(f.ruleId())));
                occ.add(x);
            }
            m.put("occurrences", occ);
            list.add(m);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("findings", list);
        // What the sweep did not read, so that "no findings" is not taken for "nothing there".
        root.put("unread", unread.stream().map(u -> u.fields(shown::mask)).toList());
        Reports.writeJson(root, out);
    }
}
