package dev.patrol.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.patrol.config.SecretResolutionException;
import dev.patrol.config.SecretValue;
import dev.patrol.s3.MotoServer;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * {@link AwsSecretResolver} against moto's Secrets Manager and SSM on loopback (skipped where moto is
 * not installed), and what a person reads when a fetch fails for real: a secret AWS refuses to give
 * out, credentials AWS does not know, an endpoint nothing listens on. Each message names the
 * reference, says what went wrong in plain words and how to fix it, and carries none of the SDK's
 * own wording ("Unable to execute HTTP request", "(Service: …, Status Code: …, Request ID: …)",
 * "SDK Attempt Count") nor an error code or class name ending in "Exception".
 */
class AwsSecretResolverMotoTest extends AwsSecretResolverContract {
    private static final String SDK_WORDING = "(?s).*(Unable to execute HTTP request|Service: |Status Code|Request ID|SDK Attempt Count"
            + "|[A-Z][A-Za-z]+(Exception|Error)\\b|\\bnull\\b).*";
    private static MotoServer moto;

    @BeforeAll
    static void startMoto() throws Exception {
        moto = MotoServer.start();
    }

    @AfterAll
    static void stopMoto() {
        if (moto != null) moto.close();
    }

    @Override
    URI endpoint() {
        return URI.create(moto.endpoint());
    }

    @Override
    void putSecret(String name, String value) {
        try {
            clients.secretsManager().putSecretValue(b -> b.secretId(name).secretString(value));
        } catch (ResourceNotFoundException absent) {
            clients.secretsManager().createSecret(b -> b.name(name).secretString(value));
        }
    }

    @Override
    void putParameter(String name, String value) {
        clients.ssm().putParameter(b -> b.name(name).value(value).type(ParameterType.SECURE_STRING).overwrite(true));
    }

    private static String failure(AwsSecretResolver resolver, String reference) {
        return catchThrowableOfType(SecretResolutionException.class, () -> resolver.resolve(SecretValue.of(reference))).getMessage();
    }

    @Test
    void aSecretMarkedForDeletionIsSaidInWordsWithTheFix() {
        putSecret(prefix + "/leaving", TOKEN);
        clients.secretsManager().deleteSecret(b -> b.secretId(prefix + "/leaving"));

        String said = failure(resolver, "secretsmanager:" + prefix + "/leaving");

        assertThat(said).contains("secret '" + prefix + "/leaving'").contains("scheduled for deletion").contains("restore-secret")
                .doesNotContain(TOKEN);
        assertThat(said).doesNotMatch(SDK_WORDING);
    }

    @Test
    void credentialsAwsDoesNotKnowAreSaidWithThePermissionToGrant() throws Exception {
        try (MotoServer checking = MotoServer.start(Map.of("INITIAL_NO_AUTH_ACTION_COUNT", "0"));
             AwsClients strict = AwsClients.local(URI.create(checking.endpoint()))) {
            AwsSecretResolver resolver = new AwsSecretResolver(strict::secretsManager, strict::ssm, Map.<String, String>of()::get);

            String secret = failure(resolver, "secretsmanager:patrol/github");
            String parameter = failure(resolver, "ssm:/patrol/webhook");

            assertThat(secret).contains("secret 'patrol/github'").contains("secretsmanager:GetSecretValue").doesNotMatch(SDK_WORDING);
            assertThat(parameter).contains("SSM parameter '/patrol/webhook'").contains("ssm:GetParameter").doesNotMatch(SDK_WORDING);
        }
    }

    @Test
    void anEndpointNothingListensOnIsSaidWithWhereAndWhatToCheck() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (AwsClients refused = AwsClients.local(URI.create("http://127.0.0.1:" + port))) {
            AwsSecretResolver resolver = new AwsSecretResolver(refused::secretsManager, refused::ssm, Map.<String, String>of()::get);

            String said = failure(resolver, "secretsmanager:patrol/github#token");

            assertThat(said).contains("secret 'patrol/github' (secretsmanager:patrol/github#token)").contains("127.0.0.1:" + port)
                    .contains("connection refused").contains("aws.endpoint").doesNotMatch(SDK_WORDING);
        }
    }
}
