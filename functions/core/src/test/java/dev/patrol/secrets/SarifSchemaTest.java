package dev.patrol.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.patrol.secrets.git.HistoryScanner;
import dev.patrol.secrets.git.ScanProgress;
import dev.patrol.secrets.git.ScanRequest;
import dev.patrol.secrets.report.ReportFormat;
import dev.patrol.secrets.rules.RuleSet;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The SARIF report validates against the OASIS SARIF 2.1.0 JSON schema (the copy
 * in test resources), as GitHub code scanning and other SARIF readers require:
 * with findings of several rules, redacted and not, and with none.
 */
class SarifSchemaTest {

    @TempDir
    Path dir;

    private final FakeCredentials fakes = new FakeCredentials(29);
    private final JsonMapper json = JsonMapper.shared();

    private Schema sarifSchema() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/sarif/sarif-2.1.0-rtm.5.json")) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(in);
        }
    }

    private JsonNode sarif(List<Finding> findings, boolean redact) throws Exception {
        StringWriter w = new StringWriter();
        ReportFormat.SARIF.write(findings, w, redact);
        return json.readTree(w.toString());
    }

    @Test
    void theSarifReportValidatesAgainstTheSarif210Schema() throws Exception {
        List<Finding> findings;
        try (HistoryBuilder git = new HistoryBuilder(dir.resolve("r.git"))) {
            git.commit("main", "config", Map.of(
                    "ci/release.sh", "#!/bin/sh\nGITHUB_TOKEN=" + "gh" + "p_" + fakes.alnum(36) + "\n",
                    "config/crm.env", "HUBSPOT_TOKEN=" + "pat-" + "na1-" + fakes.uuid() + "\n",
                    "deploy/key.pem", "-----BEGIN " + "RSA PRIVATE KEY-----\n" + fakes.alnum(64) + "\n" + fakes.alnum(64)
                            + "\n-----END " + "RSA PRIVATE KEY-----\n"));
            git.commit("main", "remove the env file", Map.of("config/crm.env", "HUBSPOT_TOKEN=${HUBSPOT_TOKEN}\n"));
            findings = new HistoryScanner(RuleSet.defaults()).scan(git.repository(), ScanRequest.full("deals"), ScanProgress.NONE).findings();
        }
        assertThat(findings).hasSizeGreaterThanOrEqualTo(3);
        Schema schema = sarifSchema();

        for (boolean redact : List.of(false, true)) {
            JsonNode report = sarif(findings, redact);
            assertThat(schema.validate(report)).as("redact=%s", redact).isEmpty();
            assertThat(report.path("runs").get(0).path("results").size()).isEqualTo(findings.size());
        }
        assertThat(schema.validate(sarif(List.of(), false))).isEmpty();
    }

    /** The check itself can fail: a report that breaks the schema's rules is refused. */
    @Test
    void aReportThatBreaksTheSchemaIsRefused() throws Exception {
        ObjectNode broken = (ObjectNode) sarif(List.of(), false);
        broken.put("version", "2.0.0");
        ((ObjectNode) broken.path("runs").get(0)).remove("tool");

        assertThat(sarifSchema().validate(broken)).isNotEmpty();
    }
}
