package dev.patrol.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.secrets.detect.Detector;
import dev.patrol.secrets.detect.Hit;
import dev.patrol.secrets.rules.RuleSet;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Given a token split by its file format's own line continuation, Patrol finds it whole, on the line it starts on. */
class SplitValueTest {

    private final Detector detector = new Detector(RuleSet.defaults());
    private final FakeCredentials fakes = new FakeCredentials(14);
    private final String token = "gh" + "p_" + fakes.alnum(36);
    private final String head = token.substring(0, 20);
    private final String tail = token.substring(20);

    private Hit only(String text) {
        List<Hit> hits = detector.detect(text);
        assertThat(hits).as(text).hasSize(1);
        return hits.getFirst();
    }

    @Test
    void yamlDoubleQuotedScalarEscapingItsLineBreak() {
        Hit h = only("github:\n  token: \"" + head + "\\\n    " + tail + "\"\n");
        assertThat(h.ruleId()).isEqualTo("github-pat");
        assertThat(h.secret()).isEqualTo(token);
        assertThat(h.startLine()).isEqualTo(2);
        assertThat(h.endLine()).isEqualTo(3);
        assertThat(h.startColumn()).isEqualTo(11);
    }

    @Test
    void shellLineEndingInBackslash() {
        Hit h = only("#!/bin/sh\nexport GITHUB_TOKEN=" + head + "\\\n" + tail + "\n");
        assertThat(h.secret()).isEqualTo(token);
        assertThat(h.startLine()).isEqualTo(2);
    }

    @Test
    void pythonImplicitConcatenation() {
        Hit h = only("TOKEN = (\n    \"" + head + "\"\n    \"" + tail + "\"\n)\n");
        assertThat(h.secret()).isEqualTo(token);
        assertThat(h.startLine()).isEqualTo(2);
        assertThat(h.startColumn()).isEqualTo(6);
    }

    @Test
    void javaAndJavaScriptPlusConcatenation() {
        assertThat(only("String t = \"" + head + "\" +\n        \"" + tail + "\";\n").secret()).isEqualTo(token);
        assertThat(only("const t = '" + head + "'\n  + '" + tail + "';\n").secret()).isEqualTo(token);
    }

    @Test
    void aPlusConcatenationIsAttributedToTheLineItStartsOn() {
        Hit java = only("class Ci {\n    String t = \"" + head + "\" +\n            \"" + tail + "\";\n}\n");
        assertThat(java.secret()).isEqualTo(token);
        assertThat(java.startLine()).isEqualTo(2);
        assertThat(java.startColumn()).isEqualTo(17);
        // The JS style puts the + at the start of the continued line.
        Hit js = only("// ci\nconst t = '" + head + "'\n  + '" + tail + "';\n");
        assertThat(js.secret()).isEqualTo(token);
        assertThat(js.startLine()).isEqualTo(2);
        assertThat(js.startColumn()).isEqualTo(12);
    }

    @Test
    void aGenericSecretSplitInTwoIsReportedWholeNotAsItsFirstHalf() {
        String value = fakes.alnum(14) + fakes.alnum(14);
        Hit h = only("db_password = \"" + value.substring(0, 14) + "\" \\\n    \"" + value.substring(14) + "\"\n");
        assertThat(h.secret()).isEqualTo(value);
    }

    @Test
    void pemBodyWrittenAsOneLiteralPerLine() {
        String pem = fakes.pemBody("RSA PRIVATE KEY");
        String java = pem.lines().map(l -> "    \"" + l + "\\n\"").collect(Collectors.joining(" +\n", "static final String KEY =\n", ";\n"));
        Hit h = only(java);
        assertThat(h.ruleId()).isEqualTo("private-key");
        assertThat(h.secret()).isEqualTo(pem.replace("\n", "\\n"));
        assertThat(h.startLine()).isEqualTo(2);
    }

    @Test
    void pemBodyAsJavaScriptPlusConcatenation() {
        String pem = fakes.pemBody("RSA PRIVATE KEY");
        String js = pem.lines().map(l -> "'" + l + "\\n'").collect(Collectors.joining(" +\n  ", "// signing key\nconst KEY = ", ";\n"));
        Hit h = only(js);
        assertThat(h.ruleId()).isEqualTo("private-key");
        assertThat(h.secret()).isEqualTo(pem.replace("\n", "\\n"));
        assertThat(h.startLine()).isEqualTo(2);
    }

    @Test
    void pemBodyAsPythonImplicitConcatenation() {
        String pem = fakes.pemBody("RSA PRIVATE KEY");
        String python = pem.lines().map(l -> "    \"" + l + "\\n\"").collect(Collectors.joining("\n", "KEY = (\n", "\n)\n"));
        Hit h = only(python);
        assertThat(h.ruleId()).isEqualTo("private-key");
        assertThat(h.secret()).isEqualTo(pem.replace("\n", "\\n"));
        assertThat(h.startLine()).isEqualTo(2);
    }

    @Test
    void linesThatMerelyEndInAQuoteOrPlusAreNotJoined() {
        String text = "a = \"" + head + "\"\nb = \"" + tail + "\"\nc = x +\n  \"" + tail + "\"\n";
        assertThat(detector.detect(text)).isEmpty();
    }

    @Test
    void joiningStopsAfterAFewKilobytes() {
        StringBuilder text = new StringBuilder("token: \"" + head + "\\\n");
        for (int i = 0; i < 200; i++) text.append("  ").append("x".repeat(60)).append("\\\n");
        text.append(tail).append("\"\n");
        assertThat(detector.detect(text.toString())).extracting(Hit::secret).doesNotContain(token);
    }
}
