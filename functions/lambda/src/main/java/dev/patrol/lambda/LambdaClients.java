package dev.patrol.lambda;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The SDK clients the Lambda layer itself uses (config from S3 or SSM, the
 * fan-out queue), built once per container and only when first used.
 *
 * <p>Why these choices: the URL-connection HTTP client starts far faster than
 * Apache or Netty; credentials come from the environment variables Lambda sets
 * (or system properties in tests), skipping the default chain's profile-file and
 * instance-metadata probes.
 */
public final class LambdaClients {
    private final Settings settings;
    private final Lazy<SdkHttpClient> http = Lazy.of(() -> UrlConnectionHttpClient.builder().build());
    private final Lazy<S3Client> s3;
    private final Lazy<SsmClient> ssm;
    private final Lazy<SqsClient> sqs;

    public LambdaClients(Settings settings) {
        this.settings = settings;
        this.s3 = Lazy.of(() -> configure(S3Client.builder().forcePathStyle(settings.endpoint().isPresent())).build());
        this.ssm = Lazy.of(() -> configure(SsmClient.builder()).build());
        this.sqs = Lazy.of(() -> configure(SqsClient.builder()).build());
    }

    public S3Client s3() {
        return s3.get();
    }

    public SsmClient ssm() {
        return ssm.get();
    }

    public SqsClient sqs() {
        return sqs.get();
    }

    private <B extends AwsClientBuilder<B, C> & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>, C> B configure(B builder) {
        builder.httpClient(http.get())
                .region(Region.of(settings.region()))
                .credentialsProvider(AwsCredentialsProviderChain.of(
                        EnvironmentVariableCredentialsProvider.create(), SystemPropertyCredentialsProvider.create()));
        settings.endpoint().ifPresent(e -> builder.endpointOverride(URI.create(e)));
        return builder;
    }
}
