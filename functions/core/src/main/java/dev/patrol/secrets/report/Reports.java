package dev.patrol.secrets.report;

import java.io.IOException;
import java.io.Writer;
import tools.jackson.databind.json.JsonMapper;

/** What the report writers share: the JSON mapper. */
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
}
