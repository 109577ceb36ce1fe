package dev.patrol.secrets.report;

import dev.patrol.secrets.Finding;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** What the report writers share: the JSON mapper and how a verification is shown. */
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

    /** Patrol JSON's verification object: status, identity, and the line people read. */
    static Map<String, Object> verification(Finding f) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("status", f.verification().status().id());
        v.put("identity", f.verification().identity());
        v.put("summary", f.verification().summary());
        return v;
    }

    /** The rule's tags, and for a verified-or-not finding its verification as TruffleHog-style tags read by gitleaks tooling. */
    static List<String> tags(Finding f) {
        if (f.verification() == null) return f.tags();
        List<String> tags = new ArrayList<>(f.tags());
        tags.add("verification:" + f.verification().status().id());
        return tags;
    }
}
