package dev.patrol.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** What a person reads when a JSON text is broken: where, what, and none of Jackson's internals or the text's content. */
class JsonProblemTest {
    private static JacksonException parse(String json) {
        // From a stream, as backups are read: Jackson then names its source "REDACTED … byte offset: #UNKNOWN".
        return catchThrowableOfType(JacksonException.class,
                () -> Json.MAPPER.readTree(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))));
    }

    private static void assertPlain(String message) {
        assertThat(message).doesNotContain("Source").doesNotContain("REDACTED").doesNotContain("#UNKNOWN")
                .doesNotContain("Feature").doesNotContain("`").doesNotContain("java.").doesNotContain("dev.patrol");
    }

    @Test
    void aTextCutShortSaysSoAndWhereTheOpenValueBegan() {
        String object = Json.problem(parse("{\n  \"deals\": [1, 2,\n"));
        assertPlain(object);
        assertThat(object).as(object).startsWith("line 3, column 1: the text ends before an array is closed (cut short?)");

        String nested = Json.problem(parse("{\"a\": {\"b\": 1"));
        assertPlain(nested);
        assertThat(nested).contains("the text ends before an object is closed (cut short?)");
    }

    @Test
    void aStrayWordIsNamedAsSuchWithoutQuotingIt() {
        String message = Json.problem(parse("{\"key\": sk_live_4eC39HqLyjWDarjtT1zdp7dc}"));
        assertPlain(message);
        assertThat(message).startsWith("line 1, column ").contains("a word that is not JSON").doesNotContain("sk_live");
    }

    @Test
    void aValueOfTheWrongKindNamesItsKeyNotAJavaType() {
        record Doc(String sha256, long size) {}
        var e = catchThrowableOfType(JacksonException.class, () -> Json.MAPPER.readValue("{\"sha256\": [1, 2]}", Doc.class));
        String message = Json.problem(e);
        assertPlain(message);
        assertThat(message).contains("\"sha256\" is not of the expected kind");
    }

    @Test
    void tooDeepANestingIsSaidInWords() {
        String message = Json.problem(parse("[".repeat(1_500) + "]".repeat(1_500)));
        assertPlain(message);
        assertThat(message).contains("nested too deeply (more than 1000 levels)");
    }

    @Test
    void aValidTextStillParses() throws Exception {
        JsonNode n = Json.MAPPER.readTree("{\"ok\": true}");
        assertThat(n.path("ok").asBoolean()).isTrue();
    }
}
