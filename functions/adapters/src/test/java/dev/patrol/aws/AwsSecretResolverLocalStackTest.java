package dev.patrol.aws;

import java.net.URI;
import org.testcontainers.junit.jupiter.EnabledIfDockerAvailable;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** {@link AwsSecretResolver} against LocalStack's Secrets Manager and SSM in Docker; skipped where no Docker engine exists. */
@EnabledIfDockerAvailable
class AwsSecretResolverLocalStackTest extends AwsSecretResolverContract {
    @Override
    URI endpoint() {
        return LocalStack.container().getEndpoint();
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
}
