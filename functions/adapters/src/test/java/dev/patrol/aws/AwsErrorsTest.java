package dev.patrol.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.ServerSocket;
import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What a person reads when a call never reached AWS: the SDK's own exceptions, from a
 * real client pointed at a loopback port nothing listens on, turned into the product's
 * words, without the SDK's bookkeeping ("SDK Attempt Count") or a Java class name.
 */
class AwsErrorsTest {

    private static SdkException callTo(URI endpoint) {
        try (DynamoDbClient client = DynamoDbClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            return catchThrowableOfType(SdkException.class, () -> client.describeTable(b -> b.tableName("patrol-state")));
        }
    }

    @Test
    void anEndpointNobodyListensOnIsARefusedConnectionAfterItsAttempts() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }

        String reason = AwsErrors.reason(callTo(URI.create("http://127.0.0.1:" + port)));

        // The count is the SDK's retry policy for the service (4 for DynamoDB, 3 for most).
        assertThat(reason).matches("connection refused: nothing listens there \\(tried \\d+ times\\)");
    }

    @Test
    void aHostThatDoesNotResolveIsSaidSo() {
        String reason = AwsErrors.reason(callTo(URI.create("http://patrol-check.invalid:4566")));

        assertThat(reason).startsWith("cannot resolve the host name patrol-check.invalid")
                .doesNotContain("Exception").doesNotContain("SDK Attempt Count");
    }
}
