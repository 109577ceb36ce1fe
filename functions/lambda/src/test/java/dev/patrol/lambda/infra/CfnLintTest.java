package dev.patrol.lambda.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * infra/template.yaml through cfn-lint, which applies the real SAM transform
 * (aws-sam-translator) before checking every resource against CloudFormation's
 * schemas: what it reports is what a deploy would reject. Any error or warning fails
 * the build; a check the template means to ignore is named, with its reason, in the
 * template's own {@code Metadata: cfn-lint} (none today).
 */
class CfnLintTest {

    @Test
    void theTemplateLintsClean() {
        Optional<Tool> cfnLint = Tool.find("cfn-lint");
        assumeTrue(cfnLint.isPresent(), "cfn-lint not found on PATH: pip install cfn-lint (it brings aws-sam-translator)");

        Tool.Result result = cfnLint.get().run(List.of("--format", "json", "infra/template.yaml"), Tool.ROOT);

        List<String> findings = new ArrayList<>();
        JsonNode report = JsonMapper.shared().readTree(result.stdout().isBlank() ? "[]" : result.stdout());
        report.forEach(m -> findings.add(m.path("Level").asString() + " " + m.path("Rule").path("Id").asString() + " "
                + m.path("Message").asString() + " (line " + m.path("Location").path("Start").path("LineNumber").asInt() + ")"));
        assertThat(findings).as("cfn-lint findings; stderr: " + result.stderr()).isEmpty();
        assertThat(result.exit()).as("cfn-lint exit code; stderr: " + result.stderr()).isZero();
    }

    @Test
    void cfnLintCatchesWhatBrokeTheTemplateBefore() throws Exception {
        Optional<Tool> cfnLint = Tool.find("cfn-lint");
        assumeTrue(cfnLint.isPresent(), "cfn-lint not found on PATH: pip install cfn-lint");
        // The Environment of every function, indented beside Variables instead of inside it.
        String template = java.nio.file.Files.readString(Tool.ROOT.resolve("infra/template.yaml"));
        int from = template.indexOf("        JAVA_TOOL_OPTIONS:");
        int to = template.indexOf("          Ref: StateTable\n", from) + "          Ref: StateTable\n".length();
        String broken = template.substring(0, from) + template.substring(from, to).replaceAll("(?m)^  ", "") + template.substring(to);
        assertThat(broken).isNotEqualTo(template);
        java.nio.file.Path file = java.nio.file.Files.createTempFile(Tool.ROOT.resolve("infra"), ".broken-", ".yaml");
        try {
            java.nio.file.Files.writeString(file, broken);
            Tool.Result result = cfnLint.get().run(List.of("--format", "parseable", file.toString()), Tool.ROOT);
            assertThat(result.exit()).isNotZero();
            assertThat(result.stdout()).contains("Environment");
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }
}
