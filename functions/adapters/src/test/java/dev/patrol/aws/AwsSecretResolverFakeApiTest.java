package dev.patrol.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patrol.config.SecretResolutionException;
import java.io.IOException;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link AwsSecretResolver} through the real SDK clients against
 * {@link FakeSecretsApi}, a documented stand-in that speaks Secrets Manager's and
 * SSM's JSON protocol on loopback: no local implementation of those services runs
 * here without Docker. {@link AwsSecretResolverLocalStackTest} runs the same
 * cases against LocalStack where Docker exists. The stand-in also lets these
 * tests see the requests (one per value, decryption asked for) and play an
 * access-denied answer, which LocalStack does not enforce.
 */
class AwsSecretResolverFakeApiTest extends AwsSecretResolverContract {
    /** Started here, not in a @BeforeEach: the contract's @BeforeEach, which runs first, needs its endpoint. */
    private final FakeSecretsApi api;

    AwsSecretResolverFakeApiTest() throws IOException {
        api = new FakeSecretsApi();
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    @Override
    URI endpoint() {
        return api.endpoint();
    }

    @Override
    void putSecret(String name, String value) {
        api.secret(name, value);
    }

    @Override
    void putParameter(String name, String value) {
        api.parameter(name, value);
    }

    @Test
    void asksForDecryptionAndFetchesEachSecretOnceForAllItsKeys() {
        api.secret("patrol/crm", "{\"token\":\"t\",\"portal\":\"p\"}");
        api.parameter("/patrol/webhook", "w");

        resolve("secretsmanager:patrol/crm#token");
        resolve("secretsmanager:patrol/crm#portal");
        resolve("ssm:/patrol/webhook");
        resolve("ssm:/patrol/webhook");

        assertThat(api.calls()).containsExactly("GetSecretValue patrol/crm", "GetParameter /patrol/webhook decrypt=true");
    }

    @Test
    void accessDeniedSaysWhichPermissionIsMissing() {
        api.secret("patrol/github", TOKEN);
        api.forbid("patrol/github");
        api.forbid("/patrol/webhook");

        assertThatThrownBy(() -> resolve("secretsmanager:patrol/github"))
                .isInstanceOf(SecretResolutionException.class)
                .hasMessageContaining("secret 'patrol/github'")
                .hasMessageContaining("is not authorized to perform: secretsmanager:GetSecretValue")
                .hasMessageContaining("grant secretsmanager:GetSecretValue")
                .message().doesNotContain(TOKEN).doesNotContain("Exception");
        assertThatThrownBy(() -> resolve("ssm:/patrol/webhook"))
                .hasMessageContaining("grant ssm:GetParameter");
    }

    @Test
    void aFailedFetchIsNotCachedAndIsTriedAgain() {
        assertThatThrownBy(() -> resolve("secretsmanager:patrol/later")).isInstanceOf(SecretResolutionException.class);
        api.secret("patrol/later", "now-there");

        assertThat(resolve("secretsmanager:patrol/later")).isEqualTo("now-there");
    }
}
