package dev.patrol.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patrol.config.SecretResolutionException;
import dev.patrol.config.SecretValue;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code ${ENV}} path and literals: no AWS client may be built for them. */
class AwsSecretResolverEnvTest {
    private final Map<String, String> env = Map.of(
            "SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T/B/xyz",
            "TOKEN", "s3cr3t",
            "EMPTY", "");
    private final AwsSecretResolver resolver = new AwsSecretResolver(
            () -> { throw new AssertionError("no Secrets Manager client for an env reference"); },
            () -> { throw new AssertionError("no SSM client for an env reference"); },
            env::get);

    private String resolve(String raw) {
        return resolver.resolve(SecretValue.of(raw));
    }

    @Test
    void replacesAWholeReference() {
        assertThat(resolve("${SLACK_WEBHOOK_URL}")).isEqualTo("https://hooks.slack.com/services/T/B/xyz");
    }

    @Test
    void replacesReferencesInsideText() {
        assertThat(resolve("Bearer ${TOKEN}")).isEqualTo("Bearer s3cr3t");
        assertThat(resolve("${TOKEN}:${TOKEN}")).isEqualTo("s3cr3t:s3cr3t");
    }

    @Test
    void aValueWithDollarsAndBackslashesIsTakenAsIs() {
        AwsSecretResolver odd = new AwsSecretResolver(() -> null, () -> null, Map.of("P", "a$1\\b")::get);
        assertThat(odd.resolve(SecretValue.of("x-${P}"))).isEqualTo("x-a$1\\b");
    }

    @Test
    void aLiteralComesBackAsWritten() {
        assertThat(resolve("https://hooks.example.com/plain")).isEqualTo("https://hooks.example.com/plain");
        assertThat(resolve("price: $5 {not a reference}")).isEqualTo("price: $5 {not a reference}");
    }

    @Test
    void anUnsetVariableIsNamedWithTheFix() {
        assertThatThrownBy(() -> resolve("Bearer ${GITHUB_TOKEN}"))
                .isInstanceOf(SecretResolutionException.class)
                .hasMessageContaining("environment variable GITHUB_TOKEN is not set")
                .hasMessageContaining("export it");
    }

    @Test
    void anEmptyVariableIsAnError() {
        assertThatThrownBy(() -> resolve("${EMPTY}"))
                .isInstanceOf(SecretResolutionException.class)
                .hasMessageContaining("EMPTY is set but empty");
    }

    @Test
    void aMalformedReferenceIsExplained() {
        assertThatThrownBy(() -> resolve("${slack-url}"))
                .isInstanceOf(SecretResolutionException.class)
                .hasMessageContaining("${slack-url} is not an environment variable reference");
    }

    @Test
    void aReferenceWithoutANameIsExplained() {
        assertThatThrownBy(() -> resolve("secretsmanager:"))
                .isInstanceOf(SecretResolutionException.class)
                .hasMessageContaining("names no secret");
        assertThatThrownBy(() -> resolve("secretsmanager:patrol/crm#"))
                .hasMessageContaining("names no secret key");
        assertThatThrownBy(() -> resolve("ssm:"))
                .hasMessageContaining("names no parameter");
    }
}
