package dev.patrol.aws;

import dev.patrol.config.SecretResolutionException;
import dev.patrol.config.SecretResolver;
import dev.patrol.config.SecretValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.AwsClient;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DecryptionFailureException;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Resolves the references patrol.yml may hold instead of a secret:
 * <ul>
 *   <li>{@code ${ENV_VAR}}, also inside text ({@code "Bearer ${TOKEN}"});</li>
 *   <li>{@code secretsmanager:NAME} (a name or ARN), or {@code secretsmanager:NAME#key}
 *       for one key of a JSON secret;</li>
 *   <li>{@code ssm:/name}, a Parameter Store parameter, decrypted if it is a SecureString.</li>
 * </ul>
 * Anything else is a literal and comes back as written.
 *
 * <p>The AWS clients are asked for only when a reference needs them, so a config
 * that uses environment variables alone never builds one. Values fetched from AWS
 * are kept for the life of the process (one Lambda container, one CLI run): a
 * job resolves the same token for every repository, and each fetch costs a call.
 *
 * <p>Errors say which reference failed and how to fix it, never a value: they
 * name secrets, parameters, variables and JSON keys only.
 */
public final class AwsSecretResolver implements SecretResolver {
    private static final String SECRETS_MANAGER = "secretsmanager:", SSM = "ssm:";
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Supplier<SecretsManagerClient> secretsManager;
    private final Supplier<SsmClient> ssm;
    private final Function<String, String> env;
    private final Map<String, String> fetched = new ConcurrentHashMap<>();
    private final JsonMapper json = JsonMapper.builder().build();

    /**
     * @param secretsManager asked for a client the first time a {@code secretsmanager:} reference is resolved
     * @param ssm            likewise for {@code ssm:}
     * @param env            the environment ({@code System::getenv} outside tests)
     */
    public AwsSecretResolver(Supplier<SecretsManagerClient> secretsManager, Supplier<SsmClient> ssm, Function<String, String> env) {
        this.secretsManager = Objects.requireNonNull(secretsManager, "secretsManager");
        this.ssm = Objects.requireNonNull(ssm, "ssm");
        this.env = Objects.requireNonNull(env, "env");
    }

    /** Clients from {@code clients}, built on first need; the process environment. */
    public AwsSecretResolver(AwsClients clients) {
        this(clients::secretsManager, clients::ssm, System::getenv);
    }

    @Override
    public String resolve(SecretValue value) {
        Objects.requireNonNull(value, "value");
        String raw = value.raw().trim();
        if (raw.startsWith(SECRETS_MANAGER)) return fromSecretsManager(raw.substring(SECRETS_MANAGER.length()).trim());
        if (raw.startsWith(SSM)) return fromParameterStore(raw.substring(SSM.length()).trim());
        return fromEnvironment(value.raw());
    }

    private String fromEnvironment(String text) {
        Matcher m = ENV_REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1).trim();
            if (!ENV_NAME.matcher(name).matches()) {
                throw new SecretResolutionException("${" + m.group(1) + "} is not an environment variable reference:"
                        + " a name is letters, digits and _, not starting with a digit, as in ${SLACK_WEBHOOK_URL}");
            }
            String value = env.apply(name);
            if (value == null) {
                throw new SecretResolutionException("environment variable " + name + " is not set (patrol.yml refers to ${"
                        + name + "}): export it before running Patrol, or set it in the Lambda function's environment");
            }
            if (value.isEmpty()) {
                throw new SecretResolutionException("environment variable " + name + " is set but empty (patrol.yml refers to ${"
                        + name + "}): give it a value");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String fromSecretsManager(String reference) {
        int hash = reference.lastIndexOf('#');
        String secretId = (hash < 0 ? reference : reference.substring(0, hash)).trim();
        String key = hash < 0 ? null : reference.substring(hash + 1).trim();
        String written = SECRETS_MANAGER + reference;
        if (secretId.isEmpty() || (key != null && key.isEmpty())) {
            throw new SecretResolutionException("'" + written + "' names no secret" + (secretId.isEmpty() ? "" : " key")
                    + ": write secretsmanager:NAME, or secretsmanager:NAME#key for one key of a JSON secret");
        }
        String secret = fetched.computeIfAbsent(SECRETS_MANAGER + secretId, k -> fetchSecret(secretId, written));
        return key == null ? secret : jsonKey(secret, key, secretId);
    }

    private String fetchSecret(String secretId, String written) {
        SecretsManagerClient client = secretsManager.get();
        GetSecretValueResponse response;
        try {
            response = client.getSecretValue(b -> b.secretId(secretId));
        } catch (SdkException e) {
            throw awsFailure("secret '" + secretId + "' (" + written + ") from Secrets Manager", client, e,
                    "secretsmanager:GetSecretValue on the secret (and kms:Decrypt on its key, if it has its own)",
                    "create it there, or fix the name in patrol.yml (and aws.region: secrets live in one region)");
        }
        if (response.secretString() == null) {
            throw new SecretResolutionException("secret '" + secretId + "' holds binary data; Patrol reads text secrets:"
                    + " store the value as a secret string");
        }
        return response.secretString();
    }

    /** One key of a JSON secret, as Secrets Manager stores key/value secrets. */
    private String jsonKey(String secret, String key, String secretId) {
        JsonNode root;
        try {
            root = json.readTree(secret);
        } catch (JacksonException e) {
            root = null; // Jackson's message quotes the text it could not read: the secret. Not passed on.
        }
        if (root == null || !root.isObject()) {
            throw new SecretResolutionException("secret '" + secretId + "' is not a JSON object, so it has no key '" + key
                    + "': drop #" + key + " to use the whole secret, or store it as JSON");
        }
        JsonNode value = root.get(key);
        if (value == null) {
            List<String> keys = new ArrayList<>(root.propertyNames());
            throw new SecretResolutionException("secret '" + secretId + "' has no key '" + key + "' (its keys: "
                    + String.join(", ", keys) + "): fix the #key in patrol.yml");
        }
        if (!value.isValueNode() || value.isNull()) {
            throw new SecretResolutionException("key '" + key + "' of secret '" + secretId + "' holds "
                    + (value.isNull() ? "null" : "a " + value.getNodeType().name().toLowerCase()) + ", not text");
        }
        return value.asString();
    }

    private String fromParameterStore(String name) {
        if (name.isEmpty()) {
            throw new SecretResolutionException("'ssm:' names no parameter: write ssm:/path/to/parameter");
        }
        return fetched.computeIfAbsent(SSM + name, k -> fetchParameter(name));
    }

    private String fetchParameter(String name) {
        SsmClient client = ssm.get();
        try {
            return client.getParameter(b -> b.name(name).withDecryption(true)).parameter().value();
        } catch (SdkException e) {
            throw awsFailure("SSM parameter '" + name + "' (ssm:" + name + ")", client, e,
                    "ssm:GetParameter on the parameter (and kms:Decrypt on its key, for a SecureString)",
                    "create it (a SecureString for secrets), or fix the name in patrol.yml (and aws.region)");
        }
    }

    private static SecretResolutionException awsFailure(String what, AwsClient client, SdkException e,
                                                        String permission, String whenMissing) {
        String where = " (" + AwsErrors.where(client) + ")";
        String fix;
        if (e instanceof software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException
                || e instanceof ParameterNotFoundException) {
            return new SecretResolutionException(what + " does not exist" + where + ": " + whenMissing, e);
        } else if (e instanceof DecryptionFailureException) {
            fix = "The KMS key that encrypts it cannot be used: grant kms:Decrypt on it";
        } else if (e instanceof software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException
                && String.valueOf(e.getMessage()).contains("delet")) {
            // AWS: "…because it was marked for deletion"; moto: "…currently marked deleted".
            fix = "It is scheduled for deletion: restore it (aws secretsmanager restore-secret), or name another secret in patrol.yml";
        } else if (AwsErrors.isAccessDenied(e)) {
            fix = "The credentials in use may not read it: grant " + permission + " to the role or user";
        } else if (AwsErrors.isClientSide(e)) {
            fix = "Check the network, aws.region and aws.endpoint in patrol.yml, and AWS credentials";
        } else {
            fix = "Try again, and check it in the AWS console";
        }
        return new SecretResolutionException("could not read " + what + where + ": " + AwsErrors.reason(e) + ". " + fix, e);
    }
}
