package dev.patrol.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patrol.config.SecretResolutionException;
import dev.patrol.config.SecretValue;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link AwsSecretResolver} must do against any implementation of Secrets
 * Manager and SSM Parameter Store; subclasses supply one and put secrets into it.
 */
abstract class AwsSecretResolverContract {
    /** A value that must never appear in an error. */
    static final String TOKEN = "ghp_N0tAR3alT0k3nButK3ptS3cr3t";

    AwsClients clients;
    AwsSecretResolver resolver;
    final String prefix = "patrol-test-" + UUID.randomUUID().toString().substring(0, 8);

    abstract URI endpoint();

    abstract void putSecret(String name, String value);

    abstract void putParameter(String name, String value);

    @BeforeEach
    void connect() {
        clients = AwsClients.local(endpoint());
        resolver = new AwsSecretResolver(clients::secretsManager, clients::ssm, Map.<String, String>of()::get);
    }

    @AfterEach
    void disconnect() {
        clients.close();
    }

    String resolve(String reference) {
        return resolver.resolve(SecretValue.of(reference));
    }

    @Test
    void readsAWholeSecret() {
        putSecret(prefix + "/github", TOKEN);

        assertThat(resolve("secretsmanager:" + prefix + "/github")).isEqualTo(TOKEN);
    }

    @Test
    void readsOneKeyOfAJsonSecret() {
        putSecret(prefix + "/crm", "{\"token\":\"" + TOKEN + "\",\"portal\":12345}");

        assertThat(resolve("secretsmanager:" + prefix + "/crm#token")).isEqualTo(TOKEN);
        assertThat(resolve("secretsmanager:" + prefix + "/crm#portal")).isEqualTo("12345");
    }

    @Test
    void aMissingKeyListsTheKeysThereAreButNoValue() {
        putSecret(prefix + "/crm", "{\"token\":\"" + TOKEN + "\",\"portal\":\"p\"}");

        assertThatThrownBy(() -> resolve("secretsmanager:" + prefix + "/crm#apiKey"))
                .isInstanceOf(SecretResolutionException.class)
                .hasMessageContaining("has no key 'apiKey'")
                .hasMessageContaining("its keys: token, portal")
                .message().doesNotContain(TOKEN);
    }

    @Test
    void aKeyOfATextSecretIsExplainedWithoutTheText() {
        putSecret(prefix + "/plain", TOKEN);

        assertThatThrownBy(() -> resolve("secretsmanager:" + prefix + "/plain#token"))
                .isInstanceOf(SecretResolutionException.class)
                .hasMessageContaining("is not a JSON object")
                .message().doesNotContain(TOKEN);
    }

    @Test
    void aMissingSecretIsNamedWithTheFix() {
        assertThatThrownBy(() -> resolve("secretsmanager:" + prefix + "/nope"))
                .isInstanceOf(SecretResolutionException.class)
                .hasMessageContaining("secret '" + prefix + "/nope'")
                .hasMessageContaining("does not exist")
                .hasMessageContaining("fix the name in patrol.yml");
    }

    @Test
    void readsADecryptedParameter() {
        putParameter("/" + prefix + "/webhook", TOKEN);

        assertThat(resolve("ssm:/" + prefix + "/webhook")).isEqualTo(TOKEN);
    }

    @Test
    void aMissingParameterIsNamedWithTheFix() {
        assertThatThrownBy(() -> resolve("ssm:/" + prefix + "/nope"))
                .isInstanceOf(SecretResolutionException.class)
                .hasMessageContaining("SSM parameter '/" + prefix + "/nope'")
                .hasMessageContaining("does not exist");
    }

    @Test
    void aValueIsFetchedOncePerProcess() {
        putSecret(prefix + "/rotating", "first");
        putParameter("/" + prefix + "/rotating", "first");
        assertThat(resolve("secretsmanager:" + prefix + "/rotating")).isEqualTo("first");
        assertThat(resolve("ssm:/" + prefix + "/rotating")).isEqualTo("first");

        putSecret(prefix + "/rotating", "second");
        putParameter("/" + prefix + "/rotating", "second");

        assertThat(resolve("secretsmanager:" + prefix + "/rotating")).isEqualTo("first");
        assertThat(resolve("ssm:/" + prefix + "/rotating")).isEqualTo("first");
        AwsSecretResolver fresh = new AwsSecretResolver(clients::secretsManager, clients::ssm, Map.<String, String>of()::get);
        assertThat(fresh.resolve(SecretValue.of("secretsmanager:" + prefix + "/rotating"))).isEqualTo("second");
    }
}
