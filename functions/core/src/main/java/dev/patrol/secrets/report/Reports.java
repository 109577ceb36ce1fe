package dev.patrol.secrets.report;

import dev.patrol.secrets.Finding;
import dev.patrol.secrets.Occurrence;
import java.io.IOException;
import java.io.Writer;
import tools.jackson.databind.json.JsonMapper;

/** What the report writers share: the JSON mapper and how redaction applies to a match. */
final class Reports {
    private Reports() {}

    /** The mapper, made on first use: a text report needs none, and making one costs ~60 ms of a short scan. */
    private static final class Mapper {
        static final JsonMapper JSON = JsonMapper.shared();
    }

    static void writeJson(Object tree, Writer out) throws IOException {
        out.write(Mapper.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree));
        out.write('\n');
        out.flush();
    }

    static String secret(Finding f, boolean redact) {
        return redact ? f.redacted() : f.secret();
    }

    /** The matched text, with the secret replaced by its redacted form when asked. */
    static String match(Finding f, Occurrence o, boolean redact) {
        if (!redact) return o.match();
        String m = o.match().replace(f.secret(), f.redacted());
        // A secret found inside encoded text is not in the match as written; show the redacted secret alone.
        return m.equals(o.match()) && !f.secret().isEmpty() ? f.redacted() : m;
    }
}
