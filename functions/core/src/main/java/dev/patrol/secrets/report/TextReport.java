package dev.patrol.secrets.report;

import static dev.patrol.text.ControlCharacters.escape;

import dev.patrol.secrets.Finding;
import dev.patrol.secrets.Occurrence;
import dev.patrol.secrets.Redaction;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/** For people at a terminal: one block per secret, its places below it; names from the repository with their control characters escaped. */
final class TextReport {
    private TextReport() {}

    static void write(List<Finding> findings, Writer out, Redaction shown) throws IOException {
        for (Finding f : findings) {
            out.write(escape(f.ruleId() + "  " + shown.secret(f)) + "  ("
                    + (f.inCurrentTree() ? "still in the current tree" : "only in history") + ")\n");
            if (f.verification() != null) out.write("    " + escape(f.verification().summary()) + "\n");
            for (Occurrence o : f.occurrences()) {
                out.write("    " + escape(shown.mask(o.path())) + ":" + o.startLine() + "  commit " + o.commit().substring(0, Math.min(8, o.commit().length()))
                        + "  " + (o.date() == null ? "" : o.date().toString().substring(0, 10)) + "  " + escape(o.author() + " <" + o.email() + ">")
                        + (o.decodedFrom().isEmpty() ? "" : "  (decoded from " + String.join(", ", o.decodedFrom()) + ")") + "\n");
            }
            out.write("    fingerprint " + f.fingerprint() + "\n\n");
        }
        out.write(findings.isEmpty() ? "no leaks found\n" : findings.size() + " secret(s) found\n");
        out.flush();
    }
}
