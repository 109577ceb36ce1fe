package dev.patrol.aws;

import dev.patrol.config.AwsConfig;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The AWS SDK clients every adapter uses, built once per process (a Lambda
 * container or one CLI run) and only when first needed: a run that never touches
 * SNS never pays for an SNS client. All of them share one url-connection HTTP
 * client (the fastest to start) and one set of timeouts, so a dead endpoint fails
 * a call in seconds instead of hanging a Lambda until its own timeout.
 */
public final class AwsClients implements AutoCloseable {

    /**
     * Placeholder keys for local stand-ins (DynamoDB Local, LocalStack), which accept
     * any key made of letters and digits (DynamoDB Local refuses anything else).
     */
    private static final AwsCredentialsProvider PLACEHOLDER_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("patrollocal", "patrollocal"));

    /** Timeouts and retries shared by every client. */
    public record Settings(
            Duration connectTimeout,
            Duration socketTimeout,
            Duration apiCallAttemptTimeout,
            Duration apiCallTimeout,
            int maxAttempts) {

        /**
         * Connect 3 s, read 10 s, one attempt 10 s, a whole call with retries 30 s,
         * 3 attempts: long enough for a cold DynamoDB table or a throttled burst,
         * short enough that an unreachable endpoint is reported well inside a
         * Lambda's timeout.
         */
        public static final Settings DEFAULT = new Settings(
                Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(30), 3);

        public Settings {
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            Objects.requireNonNull(socketTimeout, "socketTimeout");
            Objects.requireNonNull(apiCallAttemptTimeout, "apiCallAttemptTimeout");
            Objects.requireNonNull(apiCallTimeout, "apiCallTimeout");
            if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
    }

    private final String configuredRegion;
    private final URI endpoint;
    private final AwsCredentialsProvider credentials;
    private final Settings settings;
    private final List<SdkAutoCloseable> built = new ArrayList<>();
    private SdkHttpClient http;
    private Region region;
    private DynamoDbClient dynamoDb;
    private SnsClient sns;
    private SecretsManagerClient secretsManager;
    private SsmClient ssm;
    private S3Client s3;
    private SqsClient sqs;

    private AwsClients(String region, URI endpoint, AwsCredentialsProvider credentials, Settings settings) {
        this.configuredRegion = region == null || region.isBlank() ? null : region.trim();
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Clients for {@code aws:} in patrol.yml (either field may be null). */
    public static AwsClients create(AwsConfig config) {
        return config == null ? create(null, null) : create(config.region(), config.endpoint());
    }

    /**
     * Clients for real AWS, or for an endpoint override such as LocalStack.
     *
     * @param region   e.g. {@code us-east-1}; null takes AWS_REGION, AWS_DEFAULT_REGION or the profile's region
     * @param endpoint null for AWS itself; else the URL every service is called at
     */
    public static AwsClients create(String region, String endpoint) {
        return create(region, endpoint, Settings.DEFAULT);
    }

    public static AwsClients create(String region, String endpoint, Settings settings) {
        URI uri = parseEndpoint(endpoint);
        // The default chain: env, system properties, profile, SSO, container and
        // instance roles. With an endpoint override the target is usually a local
        // stand-in that accepts any key, so a machine with no credentials at all
        // still works there.
        AwsCredentialsProvider chain = uri == null
                ? DefaultCredentialsProvider.builder().build()
                : AwsCredentialsProviderChain.builder()
                        .credentialsProviders(DefaultCredentialsProvider.builder().build(), PLACEHOLDER_CREDENTIALS)
                        .reuseLastProviderEnabled(true)
                        .build();
        return new AwsClients(region, uri, chain, settings);
    }

    /**
     * Clients for a local stand-in on this machine (embedded DynamoDB Local, test
     * servers): placeholder credentials, region us-east-1, never the user's keys,
     * so nothing here can reach a real account.
     */
    public static AwsClients local(URI endpoint) {
        return local(endpoint, Settings.DEFAULT);
    }

    public static AwsClients local(URI endpoint, Settings settings) {
        return new AwsClients("us-east-1", Objects.requireNonNull(endpoint, "endpoint"), PLACEHOLDER_CREDENTIALS, settings);
    }

    /** The endpoint override, or null for AWS itself. */
    public URI endpoint() {
        return endpoint;
    }

    public synchronized DynamoDbClient dynamoDb() {
        if (dynamoDb == null) dynamoDb = build(DynamoDbClient::builder);
        return dynamoDb;
    }

    public synchronized SnsClient sns() {
        if (sns == null) sns = build(SnsClient::builder);
        return sns;
    }

    public synchronized SecretsManagerClient secretsManager() {
        if (secretsManager == null) secretsManager = build(SecretsManagerClient::builder);
        return secretsManager;
    }

    public synchronized SsmClient ssm() {
        if (ssm == null) ssm = build(SsmClient::builder);
        return ssm;
    }

    /** The fan-out queue's client (the Lambda functions put batches on it). */
    public synchronized SqsClient sqs() {
        if (sqs == null) sqs = build(SqsClient::builder);
        return sqs;
    }

    /** Path-style addressing when an endpoint override is set: local S3 servers have no bucket DNS names. */
    public synchronized S3Client s3() {
        if (s3 == null) s3 = build(() -> S3Client.builder().forcePathStyle(endpoint != null));
        return s3;
    }

    /**
     * A client for a service only one caller needs (the CLI's CloudFormation), built with the
     * same region, credentials, endpoint, timeouts and retries as the others, and closed with them.
     */
    public synchronized <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkAutoCloseable>
            C client(Supplier<B> newBuilder) {
        return build(newBuilder);
    }

    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkAutoCloseable>
            C build(Supplier<B> newBuilder) {
        B builder = newBuilder.get()
                .region(region())
                .credentialsProvider(credentials)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallAttemptTimeout(settings.apiCallAttemptTimeout())
                        .apiCallTimeout(settings.apiCallTimeout())
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(settings.maxAttempts())
                                .build())
                        .build());
        builder.httpClient(httpClient());
        if (endpoint != null) builder.endpointOverride(endpoint);
        C client = builder.build();
        built.add(client);
        return client;
    }

    private SdkHttpClient httpClient() {
        if (http == null) {
            http = UrlConnectionHttpClient.builder()
                    .connectionTimeout(settings.connectTimeout())
                    .socketTimeout(settings.socketTimeout())
                    .build();
        }
        return http;
    }

    /**
     * The configured region, else AWS_REGION / AWS_DEFAULT_REGION / aws.region / the
     * profile's. The SDK's default chain would also ask the EC2 instance metadata
     * service: on a laptop that costs a timeout before failing, and Lambda always
     * sets AWS_REGION, so that step is left out.
     */
    /**
     * Whether clients made from this config would have a region (aws.region, AWS_REGION,
     * AWS_DEFAULT_REGION or the profile), without making one: for {@code config validate}.
     */
    public static boolean regionKnown(dev.patrol.config.AwsConfig config) {
        if (config != null && ((config.region() != null && !config.region().isBlank()) || config.endpoint() != null)) return true;
        try {
            new AwsRegionProviderChain(new SystemSettingsRegionProvider(), new AwsProfileRegionProvider()).getRegion();
            return true;
        } catch (SdkClientException e) {
            return false;
        }
    }

    private Region region() {
        if (region != null) return region;
        if (configuredRegion != null) return region = Region.of(configuredRegion);
        try {
            region = new AwsRegionProviderChain(new SystemSettingsRegionProvider(), new AwsProfileRegionProvider()).getRegion();
        } catch (SdkClientException e) {
            if (endpoint == null) {
                throw SdkClientException.create("no AWS region configured: set aws.region in patrol.yml, or AWS_REGION in the environment");
            }
            region = Region.US_EAST_1; // local stand-ins ignore the region
        }
        return region;
    }

    private static URI parseEndpoint(String endpoint) {
        if (endpoint == null || endpoint.isBlank()) return null;
        try {
            URI uri = URI.create(endpoint.trim());
            if (uri.getScheme() == null || uri.getHost() == null) throw new IllegalArgumentException("no scheme or host");
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "aws.endpoint '" + endpoint + "' is not a URL: write it like http://127.0.0.1:4566", e);
        }
    }

    @Override
    public synchronized void close() {
        for (SdkAutoCloseable client : built) client.close();
        built.clear();
        dynamoDb = null;
        sns = null;
        secretsManager = null;
        ssm = null;
        s3 = null;
        if (http != null) {
            http.close();
            http = null;
        }
    }
}
