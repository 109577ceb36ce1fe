package dev.patrol.secrets.report;

import dev.patrol.secrets.Finding;
import dev.patrol.secrets.Occurrence;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/** For people at a terminal: one block per secret, its places below it. */
final class TextReport {
    private TextReport() {}

    static void write(List<Finding> findings, Writer out, boolean redact) throws IOException {
        for (Finding f : findings) {
            out.write(f.ruleId() + "  " + Reports.secret(f, redact) + "  ("
                    + (f.inCurrentTree() ? "still in the current tree" : "only in history") + ")\n");
            if (f.verification() != null) out.write("    " + f.verification().summary() + "\n");
            for (Occurrence o : f.occurrences()) {
                out.write("    " + o.path() + ":" + o.startLine() + "  commit " + o.commit().substring(0, Math.min(8, o.commit().length()))
                        + "  " + (o.date() == null ? "" : o.date().toString().substring(0, 10)) + "  " + o.author() + " <" + o.email() + ">"
                        + (o.decodedFrom().isEmpty() ? "" : "  (decoded from " + String.join(", ", o.decodedFrom()) + ")") + "\n");
            }
            out.write("    fingerprint " + f.fingerprint() + "\n\n");
        }
        out.write(findings.isEmpty() ? "no leaks found\n" : findings.size() + " secret(s) found\n");
        out.flush();
    }
}
